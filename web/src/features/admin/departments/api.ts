import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { Department, DepartmentInput, MemberRole } from './types';

const key = ['departments'] as const;

export function useDepartments() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ items: Department[] }>('/departments', { signal }).then((r) => r.items),
  });
}

function useDepartmentMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

export function useCreateDepartment() {
  return useDepartmentMutation((input: DepartmentInput) =>
    api<{ department: Department }>('/departments', { method: 'POST', body: input }),
  );
}

export function useUpdateDepartment(id: string) {
  return useDepartmentMutation((patch: Partial<DepartmentInput>) =>
    api<unknown>(`/departments/${id}`, { method: 'PATCH', body: patch }),
  );
}

export function useDeleteDepartment() {
  return useDepartmentMutation((id: string) => api<void>(`/departments/${id}`, { method: 'DELETE' }));
}

export function useSetMembers(id: string) {
  return useDepartmentMutation((members: { userId: string; role: MemberRole }[]) =>
    api<{ department: Department }>(`/departments/${id}/members`, { method: 'PUT', body: { members } }),
  );
}
