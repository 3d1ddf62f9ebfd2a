import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { Queue, QueueInput } from './types';

export const queueKeys = { all: ['queues'] as const };

export function useQueues(enabled = true) {
  return useQuery({
    queryKey: queueKeys.all,
    queryFn: ({ signal }) => api<{ items: Queue[] }>('/queues', { signal }).then((r) => r.items),
    enabled,
  });
}

export function useSaveQueue(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: QueueInput) =>
      id
        ? api<{ queue: Queue }>(`/queues/${id}`, { method: 'PATCH', body: input })
        : api<{ queue: Queue }>('/queues', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queueKeys.all }),
  });
}
