import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import { queryKeys } from '../../api/query-client';
import type { AuthResult, LoginInput, Me, SignupInput } from '../../api/types';

/** The signed-in member, or null when there is no (valid) session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/v1/auth/me');
  } catch (err) {
    if (isApiError(err) && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** After login/sign-up: drop anything cached for a previous user, then load who we are now. */
function useSessionStarted() {
  const queryClient = useQueryClient();
  return async () => {
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
    await queryClient.fetchQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 0 });
  };
}

export function useLogin() {
  const started = useSessionStarted();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<AuthResult>('/api/v1/auth/login', input),
    onSuccess: started,
  });
}

export function useSignup() {
  const started = useSessionStarted();
  return useMutation({
    mutationFn: (input: SignupInput) => api.post<AuthResult>('/api/v1/auth/signup', input),
    onSuccess: started,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<void>('/api/v1/auth/logout');
      } catch (err) {
        // Already logged out (expired session): the goal is reached.
        if (!(isApiError(err) && err.status === 401)) throw err;
      }
    },
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
    },
  });
}

/** Only same-site paths are followed after login, never `//evil.example` or absolute URLs. */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
