import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/query-client';
import type { EventDetail, EventFormat, EventSession, List, Money, TicketType } from '../../api/types';

// The event editor's endpoints (SPEC 9): event patch, sessions, ticket types, conferences,
// e-mail templates and promo codes. Every change refreshes the cached event detail.

const ev = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}`;

export type EditorEvent = EventDetail & { settings: Record<string, unknown>; paymentMethods: string[] };

export type EventPatch = Partial<{
  title: string;
  description: string;
  timeZone: string;
  format: EventFormat;
  venue: string | null;
  locale: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  recurrenceRule: string;
  paymentMethods: string[];
  settings: Record<string, unknown>;
}>;

export interface SessionBody {
  startsAt: string;
  endsAt: string;
  capacity?: number | null;
  staffMemberId?: string | null;
}

export interface TicketTypeBody {
  name: string;
  description?: string;
  price: Money;
  discountedPrice?: Money | null;
  capacity?: number | null;
  salesStartAt?: string | null;
  salesEndAt?: string | null;
}

export interface Conference {
  id: string;
  eventId: string;
  sessionId: string | null;
  provider: string;
  mode: 'generate' | 'link';
  generated: boolean;
  kind: 'meeting' | 'webinar';
  externalId: string;
  joinUrl: string | null;
  startUrl: string | null;
  passcode: string | null;
  description: string | null;
  hostId: string | null;
  hostEmail: string | null;
  settings: Record<string, unknown>;
  registrantLimit: number | null;
  registrationEnabled: boolean;
  batchAllowed: boolean;
  status: string;
}

export interface ConferenceBody {
  provider?: 'zoom' | 'jitsi' | 'custom_link';
  mode: 'generate' | 'link';
  kind?: 'meeting' | 'webinar';
  meetingId?: string;
  hostId?: string;
  settings?: Record<string, unknown>;
  layout?: 'single' | 'per_session';
  url?: string;
  password?: string | null;
  description?: string | null;
}

export interface ZoomConference {
  id: string;
  kind: 'meeting' | 'webinar';
  topic: string;
  startsAt: string | null;
  durationMinutes: number | null;
  timeZone: string | null;
  recurring: boolean;
  registrationEnabled: boolean;
  joinUrl: string | null;
  hostId: string;
}

export interface EmailTemplate {
  key: string;
  scope: 'organization' | 'event';
  eventId: string | null;
  overridden: boolean;
  enabled: boolean;
  copyToOrganizer: boolean;
  reminderOffsetsMinutes: number[] | null;
  texts: Record<string, { subject: string; body: string; source: 'event' | 'organization' | 'default' }>;
}

export interface TemplatePut {
  enabled?: boolean | null;
  copyToOrganizer?: boolean | null;
  locale?: string;
  subject?: string | null;
  body?: string | null;
}

export interface PromoCode {
  id: string;
  eventId: string;
  code: string;
  percentOff: number | null;
  amountOff: Money | null;
  maxUses: number | null;
  usedCount: number;
  remainingUses: number | null;
  validUntil: string | null;
  ticketTypeIds: string[];
  active: boolean;
  createdAt: string;
}

export interface PromoCodeBody {
  code?: string;
  percentOff?: number;
  amountOff?: Money;
  maxUses?: number | null;
  validUntil?: string | null;
  ticketTypeIds?: string[];
  active?: boolean;
}

export const TEMPLATE_KEYS = ['order_confirmation', 'join_link', 'companion_join_link', 'event_changed', 'event_cancelled', 'attendee_rejected', 'refund_issued', 'reminder'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const editorKeys = {
  conferences: (eventId: string) => ['editor', eventId, 'conferences'] as const,
  zoomConferences: (kind: string) => ['editor', 'zoom-conferences', kind] as const,
  template: (eventId: string, key: string) => ['editor', eventId, 'template', key] as const,
  promoCodes: (eventId: string) => ['editor', eventId, 'promo-codes'] as const,
};

/** After any change the event detail (sessions, ticket types, settings) is read again. */
function useRefreshEvent(eventId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: queryKeys.events.detail(eventId) });
    void qc.invalidateQueries({ queryKey: queryKeys.events.list() });
  };
}

export function usePatchEvent(eventId: string) {
  const refresh = useRefreshEvent(eventId);
  return useMutation({ mutationFn: (patch: EventPatch) => api.patch<EditorEvent>(ev(eventId), patch), onSuccess: refresh });
}

export function useSaveSession(eventId: string) {
  const refresh = useRefreshEvent(eventId);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, body }: { sessionId?: string; body: SessionBody }) =>
      sessionId ? api.patch<EventSession>(`${ev(eventId)}/sessions/${encodeURIComponent(sessionId)}`, body) : api.post<EventSession>(`${ev(eventId)}/sessions`, body),
    onSuccess: () => {
      refresh();
      void qc.invalidateQueries({ queryKey: editorKeys.conferences(eventId) });
    },
  });
}

export function useDeleteSession(eventId: string) {
  const refresh = useRefreshEvent(eventId);
  return useMutation({ mutationFn: (sessionId: string) => api.delete<void>(`${ev(eventId)}/sessions/${encodeURIComponent(sessionId)}`), onSuccess: refresh });
}

export function useSaveTicketType(eventId: string) {
  const refresh = useRefreshEvent(eventId);
  return useMutation({
    mutationFn: ({ ticketTypeId, body }: { ticketTypeId?: string; body: Partial<TicketTypeBody> & { active?: boolean } }) =>
      ticketTypeId
        ? api.patch<TicketType>(`${ev(eventId)}/ticket-types/${encodeURIComponent(ticketTypeId)}`, body)
        : api.post<TicketType>(`${ev(eventId)}/ticket-types`, body),
    onSuccess: refresh,
  });
}

export function useConferences(eventId: string) {
  return useQuery({
    queryKey: editorKeys.conferences(eventId),
    queryFn: ({ signal }) => api.get<List<Conference>>(`${ev(eventId)}/conferences`, { signal }).then((r) => r.data),
  });
}

export function usePutConference(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, body }: { sessionId: string | null; body: ConferenceBody }): Promise<unknown> =>
      sessionId ? api.put<Conference>(`${ev(eventId)}/sessions/${encodeURIComponent(sessionId)}/conference`, body) : api.put<List<Conference>>(`${ev(eventId)}/conference`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: editorKeys.conferences(eventId) }),
  });
}

export function useRemoveConference(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string | null) =>
      api.delete<void>(sessionId ? `${ev(eventId)}/sessions/${encodeURIComponent(sessionId)}/conference` : `${ev(eventId)}/conference`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: editorKeys.conferences(eventId) }),
  });
}

export function useEnableRegistration(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (conferenceId: string) => api.post<Conference>(`${ev(eventId)}/conferences/${encodeURIComponent(conferenceId)}/enable-registration`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: editorKeys.conferences(eventId) }),
  });
}

export function useZoomConferences(kind: 'meeting' | 'webinar', enabled: boolean) {
  return useQuery({
    queryKey: editorKeys.zoomConferences(kind),
    queryFn: ({ signal }) => api.get<List<ZoomConference>>(`/api/v1/integrations/zoom/meetings?kind=${kind}`, { signal }).then((r) => r.data),
    enabled,
    staleTime: 0,
  });
}

export function useEventTemplate(eventId: string, key: TemplateKey) {
  return useQuery({
    queryKey: editorKeys.template(eventId, key),
    queryFn: ({ signal }) => api.get<EmailTemplate>(`${ev(eventId)}/email-templates/${key}`, { signal }),
  });
}

export function useSaveTemplate(eventId: string, key: TemplateKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplatePut) => api.put<EmailTemplate>(`${ev(eventId)}/email-templates/${key}`, body),
    onSuccess: (tpl) => qc.setQueryData(editorKeys.template(eventId, key), tpl),
  });
}

export function useResetTemplate(eventId: string, key: TemplateKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<void>(`${ev(eventId)}/email-templates/${key}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: editorKeys.template(eventId, key) }),
  });
}

export interface PreviewResult {
  key: string;
  locale: string;
  subject: string;
  body: string;
}

export const previewTemplate = (body: { key: TemplateKey; locale: string; eventId: string; subject: string; body: string }, signal?: AbortSignal) =>
  api.post<PreviewResult>('/api/v1/email-templates/preview', body, { signal });

export function usePromoCodes(eventId: string) {
  return useQuery({
    queryKey: editorKeys.promoCodes(eventId),
    queryFn: ({ signal }) => api.get<List<PromoCode>>(`${ev(eventId)}/promo-codes`, { signal }).then((r) => r.data),
  });
}

export function useSavePromoCode(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ promoCodeId, body }: { promoCodeId?: string; body: PromoCodeBody }) =>
      promoCodeId ? api.patch<PromoCode>(`${ev(eventId)}/promo-codes/${encodeURIComponent(promoCodeId)}`, body) : api.post<PromoCode>(`${ev(eventId)}/promo-codes`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: editorKeys.promoCodes(eventId) }),
  });
}
