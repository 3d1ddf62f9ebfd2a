import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Page } from '../../lib/api';
import type { CaseRow, ChannelInfo, Colleague, Escalation, Interaction, Message, SavedAnswer, Script, WrapUpCode } from './types';

export const desktopKeys = {
  mine: (userId: string) => ['desktop', 'mine', userId] as const,
  interaction: (id: string) => ['desktop', 'interaction', id] as const,
  messages: (id: string) => ['desktop', 'messages', id] as const,
  channel: (id: string) => ['desktop', 'channel', id] as const,
  scripts: (id: string) => ['desktop', 'scripts', id] as const,
  cases: (customerId: string) => ['desktop', 'cases', customerId] as const,
  past: (customerId: string) => ['desktop', 'past', customerId] as const,
  answers: (q: string) => ['desktop', 'answers', q] as const,
  codes: ['desktop', 'wrap-up-codes'] as const,
  colleagues: ['desktop', 'colleagues'] as const,
  escalations: (status: string) => ['desktop', 'escalations', status] as const,
  snoozed: (userId: string) => ['desktop', 'snoozed', userId] as const,
};

/** My snoozed email contacts and when each comes back. */
export function useSnoozed(userId: string) {
  return useQuery({
    queryKey: desktopKeys.snoozed(userId),
    queryFn: ({ signal }) => api<{ items: { interactionId: string; until: string }[] }>('/me/snoozed', { signal }).then((r) => r.items),
  });
}

/** My contacts in progress: active ones and those in wrap-up, oldest first (tab order stays stable). */
export function useMyInteractions(userId: string) {
  return useQuery({
    queryKey: desktopKeys.mine(userId),
    queryFn: async ({ signal }) => {
      const [active, wrap] = await Promise.all(['active', 'wrap_up'].map((status) =>
        api<Page<Interaction>>('/interactions', { query: { assigneeId: userId, status, limit: 50 }, signal })));
      return [...active!.items, ...wrap!.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  });
}

export function useInteraction(id: string) {
  return useQuery({
    queryKey: desktopKeys.interaction(id),
    queryFn: ({ signal }) => api<{ interaction: Interaction & { assignee: { id: string; name: string } | null } }>(`/interactions/${id}`, { signal }).then((r) => r.interaction),
  });
}

export function useMessages(id: string) {
  return useQuery({
    queryKey: desktopKeys.messages(id),
    queryFn: ({ signal }) => api<Page<Message>>(`/interactions/${id}/messages`, { query: { limit: 200 }, signal }).then((r) => r.items),
  });
}

/** The channel's rules for replies (WhatsApp window, templates); null when the channel has none to tell. */
export function useChannelInfo(id: string, channel: string) {
  return useQuery({
    queryKey: desktopKeys.channel(id),
    enabled: channel !== 'chat' && channel !== 'walk_in' && channel !== 'voice',
    retry: false,
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      try {
        return await api<ChannelInfo>(`/interactions/${id}/channel`, { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) return null;
        throw e;
      }
    },
  });
}

export function useSavedAnswers(q: string, enabled = true) {
  return useQuery({
    queryKey: desktopKeys.answers(q),
    queryFn: ({ signal }) => api<{ items: SavedAnswer[] }>('/saved-answers', { query: { q }, signal }).then((r) => r.items),
    enabled,
    staleTime: 30_000,
  });
}

export const renderAnswer = (answerId: string, interactionId: string) =>
  api<{ text: string; missing: string[] }>(`/saved-answers/${answerId}/render`, { method: 'POST', body: { interactionId } });

export function useWrapUpCodes() {
  return useQuery({
    queryKey: desktopKeys.codes,
    queryFn: ({ signal }) => api<{ items: WrapUpCode[] }>('/wrap-up-codes', { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export function useColleagues() {
  return useQuery({
    queryKey: desktopKeys.colleagues,
    queryFn: ({ signal }) => api<{ items: Colleague[] }>('/colleagues', { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export function useScripts(interactionId: string) {
  return useQuery({
    queryKey: desktopKeys.scripts(interactionId),
    queryFn: ({ signal }) => api<{ items: Script[] }>(`/interactions/${interactionId}/scripts`, { signal }).then((r) => r.items),
  });
}

export function useCustomerCases(customerId: string) {
  return useQuery({
    queryKey: desktopKeys.cases(customerId),
    queryFn: ({ signal }) => api<Page<CaseRow>>('/cases', { query: { customerId, limit: 20 }, signal }).then((r) => r.items),
  });
}

export function usePastInteractions(customerId: string) {
  return useQuery({
    queryKey: desktopKeys.past(customerId),
    queryFn: ({ signal }) => api<Page<Interaction>>('/interactions', { query: { customerId, limit: 20 }, signal }).then((r) => r.items),
  });
}

export function useEscalations(status: 'open' | 'resolved') {
  return useQuery({
    queryKey: desktopKeys.escalations(status),
    queryFn: ({ signal }) => api<{ items: Escalation[] }>('/escalations', { query: { status }, signal }).then((r) => r.items),
  });
}

/** A write on one contact that refreshes the contact and my tab list afterwards. */
export function useContactAction<I>(interactionId: string, call: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: desktopKeys.interaction(interactionId) });
      void qc.invalidateQueries({ queryKey: ['desktop', 'mine'] });
    },
  });
}

export async function uploadFile(interactionId: string, file: File, csrf: string | null) {
  const form = new FormData();
  form.append('file', file);
  const res = await fetch(`/api/interactions/${interactionId}/attachments`, {
    method: 'POST', body: form, credentials: 'same-origin', headers: csrf ? { 'x-csrf-token': csrf } : {},
  });
  const data = (await res.json()) as { attachment?: { id: string; fileName: string }; error?: { code: string; message: string } };
  if (!res.ok || !data.attachment) throw new ApiError(res.status, data.error?.code ?? `http_${res.status}`, data.error?.message ?? res.statusText);
  return data.attachment;
}
