import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/query-client';
import type { EventCreateInput, EventDetail, FoyerEvent, List } from '../../api/types';

const base = '/api/v1/events';
const eventPath = (eventId: string) => `${base}/${encodeURIComponent(eventId)}`;

export function useEvents() {
  return useQuery({
    queryKey: queryKeys.events.list(),
    queryFn: ({ signal }) => api.get<List<FoyerEvent>>(base, { signal }).then((r) => r.data),
  });
}

export function useEvent(eventId: string) {
  return useQuery({
    queryKey: queryKeys.events.detail(eventId),
    queryFn: ({ signal }) => api.get<EventDetail>(eventPath(eventId), { signal }),
  });
}

export function useCreateEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EventCreateInput) => api.post<EventDetail>(base, input),
    onSuccess: (event) => {
      // The create response is the full detail (sessions, ticket types): no refetch needed.
      if ('sessions' in event) queryClient.setQueryData(queryKeys.events.detail(event.id), event);
      void queryClient.invalidateQueries({ queryKey: queryKeys.events.list() });
    },
  });
}

/** Publish and cancel answer with the event without sessions; merge it into the cached detail. */
function useLifecycle(action: 'publish' | 'cancel') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) => api.post<FoyerEvent>(`${eventPath(eventId)}/${action}`, action === 'cancel' ? {} : undefined),
    onSuccess: (event) => {
      queryClient.setQueryData<EventDetail>(queryKeys.events.detail(event.id), (old) => (old ? { ...old, ...event } : old));
      void queryClient.invalidateQueries({ queryKey: queryKeys.events.all });
    },
  });
}

export const usePublishEvent = () => useLifecycle('publish');
export const useCancelEvent = () => useLifecycle('cancel');
