import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** What the call page needs to know about an entry point before calling. */
export interface PublicEntryPoint {
  name: string;
  languages: string[];
  open: boolean;
}

export const usePublicEntryPoint = (key: string) =>
  useQuery({
    queryKey: ['public-voice', key],
    queryFn: ({ signal }) => api<PublicEntryPoint>(`/public/voice/${encodeURIComponent(key)}`, { signal }),
    retry: false,
    staleTime: 60_000,
  });

export type SuperviseMode = 'listen' | 'whisper' | 'barge';
export type TransferTarget = { agentId: string } | { queueId: string };

const call = (id: string) => `/voice/calls/${encodeURIComponent(id)}`;

/** The agent's and supervisor's call controls (every answer but `answer`/`supervise` is empty). */
export const voiceApi = {
  answer: (interactionId: string, sdp: string) => api<{ sdp: string }>(`${call(interactionId)}/answer`, { method: 'POST', body: { sdp } }),
  control: (interactionId: string, what: 'mute' | 'unmute' | 'hold' | 'resume' | 'hangup') => api<void>(`${call(interactionId)}/${what}`, { method: 'POST', body: {} }),
  dtmf: (interactionId: string, digits: string) => api<void>(`${call(interactionId)}/dtmf`, { method: 'POST', body: { digits } }),
  transfer: (interactionId: string, to: TransferTarget, mode: 'blind' | 'warm', note?: string) =>
    api<unknown>(`${call(interactionId)}/transfer`, { method: 'POST', body: { to, mode, ...(note ? { note } : {}) } }),
  supervise: (interactionId: string, sdp: string, mode: SuperviseMode) => api<{ sdp: string }>(`${call(interactionId)}/supervise`, { method: 'POST', body: { sdp, mode } }),
  changeMode: (interactionId: string, mode: SuperviseMode) => api<unknown>(`${call(interactionId)}/supervise`, { method: 'PATCH', body: { mode } }),
  clickToCall: (customerId: string) => api<{ interactionId: string }>('/voice/click-to-call', { method: 'POST', body: { customerId } }),
};

/** The recording's address (stereo: customer on the first channel, agent on the second). */
export const recordingUrl = (interactionId: string) => `/api/interactions/${encodeURIComponent(interactionId)}/recording`;

/** Realtime event the agent's topic receives for each change of a call. */
export const voiceStateEvent = 'voice.state';

export interface VoiceStatePayload {
  interactionId: string;
  state: 'ivr' | 'queued' | 'ringing' | 'connected' | 'held' | 'ended';
  muted?: boolean;
  held?: boolean;
  endedBy?: 'customer' | 'agent' | 'system' | null;
}
