import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';
import type { AgentRow, AgentState, ChannelCounts, Offer, QueueStats, RoutingMe } from './types';

export const routingKeys = {
  me: ['routing', 'me'] as const,
  reasonCodes: ['routing', 'reason-codes'] as const,
  agents: ['routing', 'agents'] as const,
  queueStats: ['routing', 'queue-stats'] as const,
};

export function useRoutingMe(enabled = true) {
  return useQuery({
    queryKey: routingKeys.me,
    queryFn: ({ signal }) => api<RoutingMe>('/routing/me', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useSetAgentState() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { state: AgentState; reason?: string }) => api<RoutingMe>('/routing/me/state', { method: 'PUT', body: input }),
    onSuccess: (me) => qc.setQueryData(routingKeys.me, me),
  });
}

export function useReasonCodes(enabled = true) {
  return useQuery({
    queryKey: routingKeys.reasonCodes,
    queryFn: ({ signal }) => api<{ items: string[] }>('/routing/reason-codes', { signal }).then((r) => r.items),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useSaveReasonCodes() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: string[]) => api<{ items: string[] } | undefined>('/routing/reason-codes', { method: 'PUT', body: { items } }),
    onSuccess: (res, items) => qc.setQueryData(routingKeys.reasonCodes, res?.items ?? items),
  });
}

/** Keeps the offer list of `me` in step with realtime offers and revocations. */
export function addOffer(qc: QueryClient, offer: Offer) {
  qc.setQueryData<RoutingMe>(routingKeys.me, (me) =>
    me ? { ...me, offers: [...me.offers.filter((o) => o.id !== offer.id), offer] } : me,
  );
}

export function removeOffer(qc: QueryClient, offerId: string) {
  qc.setQueryData<RoutingMe>(routingKeys.me, (me) => (me ? { ...me, offers: me.offers.filter((o) => o.id !== offerId) } : me));
}

/** A gone offer (expired, taken, unknown) leaves the list; on any other failure the server's list is the truth. */
function settleFailedOffer(qc: QueryClient, offerId: string, error: unknown) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 409)) removeOffer(qc, offerId);
  else void qc.invalidateQueries({ queryKey: routingKeys.me });
}

export function useAcceptOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (offerId: string) => api<{ interactionId: string }>(`/routing/offers/${offerId}/accept`, { method: 'POST' }),
    onSuccess: (_data, offerId) => removeOffer(qc, offerId),
    onError: (error, offerId) => settleFailedOffer(qc, offerId, error),
  });
}

export function useRejectOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (offerId: string) => api<void>(`/routing/offers/${offerId}/reject`, { method: 'POST' }),
    onSuccess: (_data, offerId) => removeOffer(qc, offerId),
    onError: (error, offerId) => settleFailedOffer(qc, offerId, error),
  });
}

export function useAgents(enabled = true) {
  return useQuery({
    queryKey: routingKeys.agents,
    queryFn: ({ signal }) => api<{ items: AgentRow[] }>('/routing/agents', { signal }).then((r) => r.items),
    enabled,
    refetchInterval: 15_000,
    staleTime: 10_000,
  });
}

export function useQueueStats(enabled = true) {
  return useQuery({
    queryKey: routingKeys.queueStats,
    queryFn: ({ signal }) => api<{ items: QueueStats[] }>('/routing/queues/stats', { signal }).then((r) => r.items),
    enabled,
    refetchInterval: 15_000,
    staleTime: 10_000,
  });
}

export function useSetCapacity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, capacity }: { userId: string; capacity: ChannelCounts }) =>
      api<unknown>(`/routing/agents/${userId}/capacity`, { method: 'PUT', body: { capacity } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: routingKeys.agents }),
  });
}
