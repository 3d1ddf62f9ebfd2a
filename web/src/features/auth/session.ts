import { createContext, useContext } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../lib/api';
import { sessionKey } from '../../lib/queryClient';
import { realtime } from '../../lib/realtime';
import type { Session, User } from './types';

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api<Session>('/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in user and workspace, or null when signed out. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
}

/**
 * The session as RequireSession saw it. Read from context rather than the query, so that on sign-out
 * the gate unmounts the signed-in screens before any of them could render without a user.
 */
export const SessionContext = createContext<Session | null>(null);

/** For screens behind the sign-in gate, where a session always exists. */
export function useCurrentSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCurrentSession used outside the signed-in area');
  return session;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api<Session>('/auth/login', { method: 'POST', body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      realtime.restart();
      queryClient.setQueryData(sessionKey, session);
    },
  });
}

/** Signs out this browser, or every session of the user with `everywhere`. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) => api<void>(everywhere ? '/auth/logout-all' : '/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      realtime.close();
      queryClient.clear();
      queryClient.setQueryData(sessionKey, null);
    },
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: { name?: string; uiLanguage?: string }) => api<{ user: User }>('/auth/me', { method: 'PATCH', body: patch }),
    onSuccess: ({ user }) => {
      queryClient.setQueryData<Session | null>(sessionKey, (old) => (old ? { ...old, user } : old));
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api<void>('/auth/password', { method: 'POST', body: input }),
    // The server issues a fresh CSRF token with the rotated session; `me` hands it to us.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}
