import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Money } from '../../api/types';

// Dashboard data: figures, registration sync, drift from the provider and bulk resends.

export interface EventStats {
  eventId: string;
  timeZone: string;
  capacity: number | null;
  reserved: number;
  ticketTypes: { id: string; name: string; capacity: number | null; sold: number; pending: number; remaining: number | null }[];
  orders: Record<string, number>;
  revenue: { currency: string; orders: number; gross: Money; fee: Money; refunded: Money; net: Money }[];
  salesPerDay: { date: string; currency: string; orders: number; tickets: number; gross: Money }[];
  attendees: { active: number; orders: number };
  registrations: { pending: number; registered: number; failed: number; cancelPending: number; cancelled: number };
}

export type RegistrationStatus = 'pending' | 'registered' | 'cancel_pending' | 'cancelled' | 'failed';

export interface Registration {
  id: string;
  conferenceId: string;
  sessionId: string | null;
  provider: string;
  attendeeId: string;
  email: string;
  firstName: string;
  lastName: string;
  status: RegistrationStatus;
  joinUrl: string | null;
  lastError: string | null;
  attempts: number;
  registeredAt: string | null;
  updatedAt: string;
}

export interface Registrations {
  summary: Record<RegistrationStatus, number> & { total: number; progress: number };
  data: Registration[];
}

export interface Drift {
  id: string;
  conferenceId: string;
  kind: string;
  email: string | null;
  details: Record<string, unknown>;
  status: string;
  source: string;
  createdAt: string;
  resolvedAt: string | null;
}

export interface EmailLogEntry {
  id: string;
  templateKey: string;
  eventId: string | null;
  attendeeId: string | null;
  to: string;
  status: string;
  createdAt: string;
}

const ev = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}`;

export const dashboardKeys = {
  all: (eventId: string) => ['dashboard', eventId] as const,
  stats: (eventId: string) => ['dashboard', eventId, 'stats'] as const,
  registrations: (eventId: string) => ['dashboard', eventId, 'registrations'] as const,
  drift: (eventId: string) => ['dashboard', eventId, 'drift'] as const,
  emails: (eventId: string, since: string) => ['dashboard', eventId, 'emails', since] as const,
};

export function useEventStats(eventId: string) {
  return useQuery({
    queryKey: dashboardKeys.stats(eventId),
    queryFn: ({ signal }) => api.get<EventStats>(`${ev(eventId)}/stats`, { signal }),
    staleTime: 5_000,
  });
}

/** Polls every two seconds while registrations are still being synced (a bulk registration). */
export function useRegistrations(eventId: string) {
  return useQuery({
    queryKey: dashboardKeys.registrations(eventId),
    queryFn: ({ signal }) => api.get<Registrations>(`${ev(eventId)}/registrations`, { signal }),
    staleTime: 2_000,
    refetchInterval: (q) => (q.state.data && (q.state.data.summary.pending > 0 || q.state.data.summary.cancel_pending > 0) ? 2_000 : false),
  });
}

export function useRetryRegistrations(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (registrationIds?: string[]) => api.post<{ retried: number }>(`${ev(eventId)}/registrations/retry`, registrationIds ? { registrationIds } : {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dashboardKeys.all(eventId) }),
  });
}

export function useDrift(eventId: string) {
  return useQuery({
    queryKey: dashboardKeys.drift(eventId),
    queryFn: ({ signal }) => api.get<{ data: Drift[] }>(`${ev(eventId)}/drift?status=open`, { signal }).then((r) => r.data),
  });
}

export interface RepairResult {
  id: string;
  kind: string;
  outcome: string;
  message?: string;
}

export function useRepairDrift(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (driftIds?: string[]) => api.post<{ results: RepairResult[] }>(`${ev(eventId)}/drift/repair`, driftIds ? { driftIds } : {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dashboardKeys.all(eventId) }),
  });
}

export type ResendKind = 'ticket' | 'join';

export interface ResendJob {
  kind: ResendKind;
  queued: number;
  /** The newest e-mail of the event before the resend (server time), so clocks never matter. */
  since: string;
}

export function useResendAll(eventId: string) {
  return useMutation({
    mutationFn: async (kind: ResendKind): Promise<ResendJob> => {
      const before = await api.get<{ data: EmailLogEntry[] }>(`/api/v1/emails?eventId=${encodeURIComponent(eventId)}&limit=1`);
      const r = await api.post<{ queued: number; skipped: number }>(`${ev(eventId)}/resend`, { kind });
      return { kind, queued: r.queued, since: before.data[0]?.createdAt ?? new Date(0).toISOString() };
    },
  });
}

/** The e-mails a resend produces: the ticket (order confirmation) or the join e-mails. */
export const RESEND_TEMPLATES: Record<ResendKind, readonly string[]> = {
  ticket: ['order_confirmation'],
  join: ['join_link', 'companion_join_link'],
};

/**
 * Progress of a "resend to all": the event's e-mails of that kind written since the job was
 * started (newer than the newest one before), polled from the outgoing e-mail log until they reach the number queued.
 */
export function useResendProgress(eventId: string, job: ResendJob | null) {
  return useQuery({
    queryKey: dashboardKeys.emails(eventId, job?.since ?? ''),
    enabled: job !== null,
    queryFn: async ({ signal }) => {
      const rows = await api.get<{ data: EmailLogEntry[] }>(`/api/v1/emails?eventId=${encodeURIComponent(eventId)}&limit=500`, { signal });
      const since = Date.parse(job!.since);
      return rows.data.filter((e) => RESEND_TEMPLATES[job!.kind].includes(e.templateKey) && Date.parse(e.createdAt) > since).length;
    },
    refetchInterval: (q) => (job && (q.state.data ?? 0) < job.queued ? 1_500 : false),
  });
}
