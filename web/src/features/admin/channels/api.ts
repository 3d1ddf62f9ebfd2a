import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';

export const channelKinds = ['chat', 'email', 'sms', 'whatsapp', 'telegram', 'messenger', 'form', 'walk_in', 'voice'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  publicKey: string;
  address: string | null;
  queueId: string | null;
  language: string | null;
  enabled: boolean;
  settings: Record<string, unknown>;
  credentialsSet: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ChannelInput {
  kind?: ChannelKind;
  name?: string;
  address?: string | null;
  queueId?: string | null;
  language?: string | null;
  enabled?: boolean;
  settings?: Record<string, unknown>;
  credentials?: Record<string, string | null>;
}

export const channelKeys = { all: ['channels'] as const };

export function useChannels() {
  return useQuery({
    queryKey: channelKeys.all,
    queryFn: ({ signal }) => api<{ items: Channel[] }>('/channels', { signal }).then((r) => r.items),
  });
}

export function useSaveChannel(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput) =>
      (id ? api<{ channel: Channel }>(`/channels/${id}`, { method: 'PATCH', body: input }) : api<{ channel: Channel }>('/channels', { method: 'POST', body: input }))
        .then((r) => r.channel),
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useRotateKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ channel: Channel }>(`/channels/${id}/rotate-key`, { method: 'POST' }).then((r) => r.channel),
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useDeleteChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/channels/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

/** The widget's `<script>` tag from the server when it offers one; otherwise built from the public key. */
export function useSnippet(channel: Channel | undefined) {
  return useQuery({
    queryKey: ['channels', channel?.id, 'snippet', channel?.publicKey],
    enabled: channel?.kind === 'chat',
    retry: false,
    queryFn: async ({ signal }) => {
      try {
        return (await api<{ snippet: string }>(`/channels/${channel!.id}/snippet`, { signal })).snippet;
      } catch {
        return `<script src="${window.location.origin}/widget.js" data-channel="${channel!.publicKey}" async></script>`;
      }
    },
  });
}

/** The channel's addresses built by the server from its PUBLIC_URL (what providers and customers must use). */
export function useEndpoints(channel: Channel | undefined) {
  return useQuery({
    queryKey: ['channels', channel?.id, 'endpoints', channel?.publicKey],
    enabled: !!channel,
    retry: false,
    queryFn: ({ signal }) => api<{ publicUrl: string; webhookUrl: string | null; pages: Record<string, string> }>(`/channels/${channel!.id}/endpoints`, { signal }),
  });
}
