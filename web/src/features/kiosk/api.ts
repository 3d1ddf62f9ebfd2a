import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';

export interface PublicForm {
  name: string;
  language: string | null;
  title: string | null;
  intro: string | null;
  types: ('complaint' | 'suggestion' | 'inquiry')[];
  askOrderNumber: boolean;
  allowAttachments: boolean;
  maxFiles: number;
  maxFileMb: number;
  fileTypes: string[];
}
export interface Submitted { reference: number; statusToken: string; statusUrl: string; refusedFiles: { fileName: string; reason: string }[] }
export interface CaseStatus {
  case: { reference: number; type: string; status: string; subject: string; createdAt: string; updatedAt: string; resolvedAt: string | null };
  messages: { id: string; from: 'customer' | 'staff'; body: string; createdAt: string; attachments: { fileName: string; size: number }[] }[];
}
export interface Branch { name: string; language: string | null; services: { id: string; name: string; letter: string }[] }
export interface TakenTicket { ticket: { id: string; number: string; serviceName: string }; ahead: number }
export interface Display {
  branch: string;
  language: string | null;
  calling: { number: string; counter: string | null; calledAt: string | null; recalls: number }[];
  waiting: { service: string; letter: string; waiting: number }[];
}

const key = (k: string) => encodeURIComponent(k);

export const usePublicForm = (k: string) =>
  useQuery({ queryKey: ['public-form', k], queryFn: ({ signal }) => api<{ form: PublicForm }>(`/public/forms/${key(k)}`, { signal }).then((r) => r.form), retry: false });

/** Sends the form as multipart/form-data, files included. */
export async function submitForm(k: string, fields: Record<string, string>, files: File[]): Promise<Submitted> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value) body.append(name, value);
  for (const f of files) body.append('file', f, f.name);
  const res = await fetch(`/api/public/forms/${key(k)}`, { method: 'POST', body, credentials: 'omit' });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText);
  return data as Submitted;
}

export const useCaseStatus = (token: string) =>
  useQuery({ queryKey: ['case-status', token], queryFn: ({ signal }) => api<CaseStatus>('/public/case-status', { signal, query: { token } }), retry: false, refetchInterval: 30_000 });

export const useBranch = (k: string) =>
  useQuery({ queryKey: ['kiosk', k], queryFn: ({ signal }) => api<{ branch: Branch }>(`/public/kiosk/${key(k)}`, { signal }).then((r) => r.branch), retry: false });

export const takeTicket = (k: string, service: string, phone?: string) =>
  api<TakenTicket>(`/public/kiosk/${key(k)}/tickets`, { method: 'POST', body: { service, ...(phone ? { phone } : {}) } });

export const displayStreamUrl = (k: string) => `/api/public/kiosk/${key(k)}/display/stream`;

export const replyToCase = (token: string, message: string) =>
  api<{ ok: true }>('/public/case-status/reply', { method: 'POST', body: { token, message } });
