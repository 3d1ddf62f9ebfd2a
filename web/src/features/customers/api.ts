import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api';
import type { Customer, CustomerInput, IdentityKind, ImportResult, Note, Order, TimelineEntry } from './types';

export const customerKeys = {
  all: ['customers'] as const,
  list: (q: string) => ['customers', 'list', q] as const,
  one: (id: string) => ['customers', 'one', id] as const,
  orders: (id: string) => ['customers', 'one', id, 'orders'] as const,
  notes: (id: string) => ['customers', 'one', id, 'notes'] as const,
  timeline: (id: string) => ['customers', 'one', id, 'timeline'] as const,
};

const pageSize = 25;

/** Search by name, phone, email or order number, newest first, a page at a time. */
export function useCustomerSearch(q: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(q),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Customer>>('/customers', { query: { q, cursor: pageParam, limit: pageSize }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.one(id),
    queryFn: ({ signal }) => api<{ customer: Customer }>(`/customers/${id}`, { signal }).then((r) => r.customer),
  });
}

export function useOrders(id: string) {
  return useQuery({
    queryKey: customerKeys.orders(id),
    queryFn: ({ signal }) => api<{ items: Order[] }>(`/customers/${id}/orders`, { signal }).then((r) => r.items),
  });
}

export function useNotes(id: string) {
  return useQuery({
    queryKey: customerKeys.notes(id),
    queryFn: ({ signal }) => api<{ items: Note[] }>(`/customers/${id}/notes`, { signal }).then((r) => r.items),
  });
}

export function useTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id),
    queryFn: ({ pageParam, signal }) =>
      api<Page<TimelineEntry>>(`/customers/${id}/timeline`, { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCreateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerInput) =>
      api<{ customer: Customer }>('/customers', { method: 'POST', body: input }).then((r) => r.customer),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['customers', 'list'] }),
  });
}

/** Every change to one customer refreshes that customer, its history and the search lists. */
function useCustomerMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useUpdateCustomer(id: string) {
  return useCustomerMutation((patch: Partial<CustomerInput>) =>
    api<{ customer: Customer }>(`/customers/${id}`, { method: 'PATCH', body: patch }),
  );
}

export function useAddIdentity(id: string) {
  return useCustomerMutation((input: { kind: IdentityKind; value: string }) =>
    api<unknown>(`/customers/${id}/identities`, { method: 'POST', body: input }),
  );
}

export function useRemoveIdentity(id: string) {
  return useCustomerMutation((identityId: string) =>
    api<void>(`/customers/${id}/identities/${identityId}`, { method: 'DELETE' }),
  );
}

export function useAddNote(id: string) {
  return useCustomerMutation((body: string) =>
    api<{ note: Note }>(`/customers/${id}/notes`, { method: 'POST', body: { body } }),
  );
}

export function useMergeCustomer(id: string) {
  return useCustomerMutation((sourceId: string) =>
    api<{ customer: Customer }>(`/customers/${id}/merge`, { method: 'POST', body: { sourceId } }),
  );
}

export function useImportCustomers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) =>
      api<ImportResult>('/customers/import', { method: 'POST', body: csv, contentType: 'text/csv' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}
