import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Money } from '../../api/types';

export const ORDER_STATUSES = ['awaiting_payment', 'on_hold', 'completed', 'partially_refunded', 'refunded', 'cancelled', 'expired', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_STATUSES = ['free', 'unpaid', 'paid', 'partially_refunded', 'refunded', 'failed'] as const;

export interface Order {
  id: string;
  eventId: string;
  status: OrderStatus;
  paymentStatus: string;
  buyer: { firstName: string; lastName: string; email: string };
  paymentMethod: string;
  subtotal: Money;
  discount: Money;
  total: Money;
  fee: Money;
  net: Money;
  refunded: Money;
  currency: string;
  source: string;
  billing: Record<string, string> | null;
  holdExpiresAt: string | null;
  completedAt: string | null;
  createdAt: string;
}

export interface Attendee {
  id: string;
  orderId: string;
  ticketTypeId: string;
  sessionId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  isBuyer: boolean;
  status: string;
  ticketStatus: string;
  ticketUrl: string;
  createdAt: string;
  registrationStatus?: 'none' | 'pending' | 'registered' | 'failed' | 'cancelled';
  joinUrl?: string | null;
  registrations?: { conferenceId: string; status: string; joinUrl: string | null; lastError: string | null }[];
}

export interface OrderDetail extends Order {
  items: { ticketTypeId: string; ticketTypeName: string; sessionId: string | null; quantity: number; unitPrice: Money }[];
  attendees: Attendee[];
  transitions: { from: string | null; to: string; actorType: string; actorId: string | null; reason: string | null; at: string }[];
  refunds: { id: string; amount: Money; status: string; reason: string | null; createdAt: string }[];
}

export interface ImportState {
  importId: string;
  eventId: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  total: number;
  processed: number;
  ordersCreated: number;
  errors: { line: number; field: string; message: string }[];
  createdAt: string;
  finishedAt: string | null;
}

const ev = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}`;
const ord = (orderId: string) => `/api/v1/orders/${encodeURIComponent(orderId)}`;

export const orderKeys = {
  event: (eventId: string) => ['orders', eventId] as const,
  list: (eventId: string, status: string) => ['orders', eventId, 'list', status] as const,
  attendees: (eventId: string, includeUnpaid: boolean) => ['orders', eventId, 'attendees', includeUnpaid] as const,
  detail: (orderId: string) => ['order', orderId] as const,
  importJob: (importId: string) => ['import', importId] as const,
};

export function useOrders(eventId: string, status: string) {
  return useQuery({
    queryKey: orderKeys.list(eventId, status),
    queryFn: ({ signal }) => api.get<{ data: Order[] }>(`${ev(eventId)}/orders${status ? `?status=${encodeURIComponent(status)}` : ''}`, { signal }).then((r) => r.data),
    staleTime: 5_000,
  });
}

export function useOrder(orderId: string) {
  return useQuery({
    queryKey: orderKeys.detail(orderId),
    queryFn: ({ signal }) => api.get<OrderDetail>(ord(orderId), { signal }),
    staleTime: 5_000,
  });
}

export function useAttendees(eventId: string, includeUnpaid: boolean) {
  return useQuery({
    queryKey: orderKeys.attendees(eventId, includeUnpaid),
    queryFn: ({ signal }) => api.get<{ data: Attendee[] }>(`${ev(eventId)}/attendees?includeUnpaid=${includeUnpaid}`, { signal }).then((r) => r.data),
    staleTime: 5_000,
  });
}

/** After any change to orders: the lists, the dashboard figures and the order itself. */
function useInvalidate(eventId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: orderKeys.event(eventId) });
    void qc.invalidateQueries({ queryKey: ['dashboard', eventId] });
    void qc.invalidateQueries({ queryKey: ['events'] });
  };
}

export type OrderAction = 'confirm' | 'reject' | 'cancel';

export function useOrderAction(eventId: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidate(eventId);
  return useMutation({
    mutationFn: ({ orderId, action, reason }: { orderId: string; action: OrderAction; reason?: string }) =>
      api.post<OrderDetail>(`${ord(orderId)}/${action}`, reason ? { reason } : {}),
    onSuccess: (order) => {
      qc.setQueryData(orderKeys.detail(order.id), order);
      invalidate();
    },
  });
}

export function useRefund(eventId: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidate(eventId);
  return useMutation({
    mutationFn: ({ orderId, amount, reason }: { orderId: string; amount?: number; reason?: string }) =>
      api.post<OrderDetail>(`${ord(orderId)}/refund`, { ...(amount !== undefined ? { amount } : {}), ...(reason ? { reason } : {}) }),
    onSuccess: (order) => {
      qc.setQueryData(orderKeys.detail(order.id), order);
      invalidate();
    },
  });
}

export function useCancelAttendee(eventId: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidate(eventId);
  return useMutation({
    mutationFn: ({ attendeeId }: { attendeeId: string; orderId: string }) => api.post<void>(`/api/v1/attendees/${encodeURIComponent(attendeeId)}/cancel`, {}),
    onSuccess: (_v, { orderId }) => {
      void qc.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
      invalidate();
    },
  });
}

export function useResendAttendee() {
  return useMutation({
    mutationFn: ({ attendeeId, kind }: { attendeeId: string; kind: 'ticket' | 'join' }) =>
      api.post<{ queued: number; skipped: number }>(`/api/v1/attendees/${encodeURIComponent(attendeeId)}/resend`, { kind }),
  });
}

export function useStartImport(eventId: string) {
  return useMutation({
    mutationFn: (csv: string) => api.post<ImportState>(`${ev(eventId)}/attendees/import`, { csv }),
  });
}

/** Polls a running import until it has finished. */
export function useImportJob(importId: string | null, onFinished?: (s: ImportState) => void) {
  return useQuery({
    queryKey: orderKeys.importJob(importId ?? ''),
    enabled: importId !== null,
    queryFn: async ({ signal }) => {
      const s = await api.get<ImportState>(`/api/v1/imports/${encodeURIComponent(importId!)}`, { signal });
      if (s.status === 'completed' || s.status === 'failed') onFinished?.(s);
      return s;
    },
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'completed' || q.state.data.status === 'failed') ? false : 1_000),
  });
}

export function csvExportUrl(eventId: string, opts: { includeUnpaid: boolean; includeBilling: boolean }): string {
  return `${ev(eventId)}/attendees.csv?includeUnpaid=${opts.includeUnpaid}&includeBilling=${opts.includeBilling}`;
}
