// Buyer-facing REST API (SPEC 9, /api/v1/public/...). The public pages fetch with this small
// hook instead of TanStack Query so the first load of the event page stays small (the Query
// client lives in the organiser app's chunk).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { EventFormat, EventKind, EventStatus, Money } from '../../api/types';

export interface PublicSession {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  status: string;
  /** Seats left for this session/slot (null: unlimited). */
  remaining: number | null;
}

export interface PublicTicketType {
  id: string;
  name: string;
  description: string | null;
  price: Money;
  discountedPrice: Money | null;
  currentPrice: Money;
  remaining: number | null;
  onSale: boolean;
  salesStartAt: string | null;
  salesEndAt: string | null;
}

export interface PublicEvent {
  id: string;
  slug: string;
  url: string;
  title: string;
  description: string | null;
  organizer: { name: string };
  timeZone: string;
  format: EventFormat;
  kind: EventKind;
  status: EventStatus;
  venue: string | null;
  locale: string;
  startsAt: string;
  endsAt: string;
  remaining: number | null;
  paymentMethods: string[];
  sessions: PublicSession[];
  ticketTypes: PublicTicketType[];
}

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

export interface CheckoutInput {
  items: { ticketTypeId: string; quantity: number; sessionId?: string }[];
  buyer: Person;
  attendees: Person[];
  promoCode?: string;
  paymentMethod: string;
  locale?: string;
}

export interface CheckoutResult {
  order: { id: string; status: OrderStatus; total: Money; currency: string };
  orderToken: string;
  paymentUrl?: string | null;
}

export interface PromoQuote {
  promoCode: string;
  percentOff: number | null;
  subtotal: Money;
  discount: Money;
  total: Money;
}

export type OrderStatus =
  | 'awaiting_payment'
  | 'on_hold'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'partially_refunded'
  | 'expired'
  | 'failed';

export type TicketStatus = 'valid' | 'pending' | 'cancelled';

export interface PublicOrder {
  order: {
    id: string;
    status: OrderStatus;
    total: Money;
    refunded: Money;
    currency: string;
    paymentMethod: string;
    paymentUrl: string | null;
    holdExpiresAt: string | null;
    createdAt: string;
    buyer: Person;
  };
  event: { title: string; slug: string; url: string; startsAt: string; endsAt: string; timeZone: string; status: EventStatus; organizer?: { name: string } };
  tickets: {
    ticketToken: string;
    url: string;
    attendee: Person & { isBuyer: boolean };
    ticketType: string;
    sessionId: string | null;
    status: TicketStatus;
  }[];
}

export interface PublicTicket {
  ticketToken: string;
  status: TicketStatus;
  attendee: Person;
  ticketType: string;
  event: {
    title: string;
    description: string | null;
    url: string;
    timeZone: string;
    format: EventFormat;
    kind: EventKind;
    status: EventStatus;
    venue: string | null;
    organizer?: { name: string };
  };
  sessions: { id: string; startsAt: string; endsAt: string; status: string }[];
  join?: { links: { url: string; passcode: string | null; sessionId: string | null; personal: boolean }[]; url: string; passcode: string | null } | null;
  joinLinkHidden?: boolean;
  conference?: {
    topic: string;
    startsAt: string;
    endsAt: string;
    durationMinutes: number;
    recurrence: string | null;
    meetingId: string | null;
    passcode: string | null;
    joinUrl: string | null;
  } | null;
  calendarUrl?: string;
  /** PNG data URL of the ticket's QR code (in-person and hybrid events). */
  qrCodeDataUrl?: string | null;
}

const enc = encodeURIComponent;

export const publicApi = {
  event: (slug: string, signal?: AbortSignal) => api.get<PublicEvent>(`/api/v1/public/events/${enc(slug)}`, { signal }),
  placeOrder: (slug: string, input: CheckoutInput) => api.post<CheckoutResult>(`/api/v1/public/events/${enc(slug)}/orders`, input),
  promoCheck: (slug: string, body: { promoCode: string; items: { ticketTypeId: string; quantity: number }[] }) =>
    api.post<PromoQuote>(`/api/v1/public/events/${enc(slug)}/promo-check`, body),
  order: (token: string, signal?: AbortSignal) => api.get<PublicOrder>(`/api/v1/public/orders/${enc(token)}`, { signal }),
  /** Asks the payment provider for the order's status (after returning from its page). */
  refreshOrder: (token: string) => api.post<unknown>(`/api/v1/public/orders/${enc(token)}/refresh`),
  /** Same-origin path of the attendee's ICS file (the API's calendarUrl is built from APP_URL). */
  calendarPath: (token: string) => `/api/v1/public/tickets/${enc(token)}/calendar.ics`,
  ticket: (token: string, signal?: AbortSignal) =>
    api.get<PublicTicket>(`/api/v1/public/tickets/${enc(token)}?tz=${enc(viewerTimeZone())}`, { signal }),
};

/** The viewer's own IANA time zone (the browser's). */
export function viewerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `fetcher(key)`; with `pollMs` it reloads on that interval while `poll(data)` is true
 * (the order page waits for a payment). Stale answers of an earlier key are ignored.
 */
export function useResource<T>(
  key: string,
  fetcher: (key: string, signal: AbortSignal) => Promise<T>,
  options: { pollMs?: number | ((data: T) => number); poll?: (data: T) => boolean } = {},
): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; loading: boolean }>({ key, loading: true });
  const [tick, setTick] = useState(0);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, loading: true }));
    fetcherRef.current(key, controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setState({ key, data, loading: false });
        const { pollMs, poll } = optionsRef.current;
        if (pollMs && poll?.(data)) timer = window.setTimeout(() => setTick((n) => n + 1), typeof pollMs === 'function' ? pollMs(data) : pollMs);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ key, data: s.key === key ? s.data : undefined, error, loading: false }));
      },
    );
    return () => {
      controller.abort();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: !current || state.loading, reload };
}

// The event page and the checkout show the same event: one request serves both when the
// buyer moves from one to the other.
const eventCache = new Map<string, { at: number; promise: Promise<PublicEvent> }>();

export function fetchEventCached(slug: string): Promise<PublicEvent> {
  const hit = eventCache.get(slug);
  if (hit && Date.now() - hit.at < 15_000) return hit.promise;
  // Not abortable: a second page (or React's strict-mode re-run) may share the request.
  const promise = publicApi.event(slug);
  eventCache.set(slug, { at: Date.now(), promise });
  promise.catch(() => eventCache.delete(slug));
  return promise;
}

export function forgetEvent(slug: string): void {
  eventCache.delete(slug);
}
