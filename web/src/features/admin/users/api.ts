import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../../lib/api';
import type { Role, Skill, User } from '../../auth/types';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  languages: string[];
  skills: Skill[];
  password?: string;
}

export type UserPatch = Partial<Pick<User, 'name' | 'role' | 'active' | 'languages' | 'skills'>>;

export const userKeys = {
  all: ['users'] as const,
  list: (q: string) => ['users', 'list', q] as const,
};

export function useUsers(q: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: userKeys.list(q),
    queryFn: ({ pageParam, signal }) => api<Page<User>>('/users', { query: { q, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) =>
      api<{ user: User; temporaryPassword?: string }>('/users', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: UserPatch) => api<{ user: User }>(`/users/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (id: string) => api<{ temporaryPassword: string }>(`/users/${id}/reset-password`, { method: 'POST' }),
  });
}
