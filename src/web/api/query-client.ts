import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';

export const queryKeys = {
  me: ['auth', 'me'] as const,
  events: {
    all: ['events'] as const,
    list: () => ['events', 'list'] as const,
    detail: (eventId: string) => ['events', 'detail', eventId] as const,
  },
};

export function createQueryClient(): QueryClient {
  // A 401 from any organiser request means the session is gone: forget who we were, and the
  // organiser layout (which watches `me`) sends the user to the login page.
  const onError = (err: unknown) => {
    if (isApiError(err) && err.status === 401 && err.code !== 'invalid_credentials') {
      client.setQueryData(queryKeys.me, null);
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Retrying a 4xx cannot help; transient network/5xx errors get two more tries.
        retry: (failures, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

let shared: QueryClient | undefined;

/** The one client of the organiser app and auth pages (created on first use, in their chunk). */
export function getQueryClient(): QueryClient {
  shared ??= createQueryClient();
  return shared;
}
