import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { minorDigits } from '../../lib/money.js';
import { ticketUrl } from '../public/public-events.service.js';
import { publicEventUrl } from '../events/events.serialize.js';
import type { AttendeeBundle, SessionRow } from './attendee-bundle.js';
import type { JoinInfo } from './conference-info.js';
import { LOCALES, type MailLocale } from './template-keys.js';

export const calendarUrl = (ctx: AppContext, token: string) => `${ctx.config.appUrl}/api/v1/public/tickets/${token}/calendar.ics`;

/** The order's locale when it is one we have texts for, else the event's, else English. */
export function chooseLocale(...candidates: (string | null | undefined)[]): MailLocale {
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_]/)[0];
    if (base && (LOCALES as readonly string[]).includes(base)) return base as MailLocale;
  }
  return 'en';
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount / 10 ** digits);
}

/** "Tuesday, 1 December 2026, 18:00 – 19:30 CET (Europe/Warsaw)" in the reader's language. */
// Formatting the same few session times for thousands of recipients: memoised.
const ranges = new Map<string, string>();

export function formatRange(start: Date, end: Date, zone: string, locale: string): string {
  const key = `${start.getTime()}|${end.getTime()}|${zone}|${locale}`;
  let hit = ranges.get(key);
  if (hit === undefined) {
    hit = formatRangeUncached(start, end, zone, locale);
    if (ranges.size > 5000) ranges.clear();
    ranges.set(key, hit);
  }
  return hit;
}

function formatRangeUncached(start: Date, end: Date, zone: string, locale: string): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale(locale);
  const e = DateTime.fromJSDate(end, { zone }).setLocale(locale);
  const sameDay = s.hasSame(e, 'day');
  const left = s.toLocaleString({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const right = sameDay ? e.toLocaleString({ hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }) : e.toLocaleString({ year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  return `${left} – ${right} (${zone})`;
}

export function describeSessions(list: SessionRow[], zone: string, locale: string, fallback: { startsAt: Date; endsAt: Date }): string {
  if (list.length <= 1) {
    const one = list[0] ?? fallback;
    return formatRange(one.startsAt, one.endsAt, zone, locale);
  }
  const first = list[0]!;
  return `${formatRange(first.startsAt, first.endsAt, zone, locale)} (+${list.length - 1})`;
}

/**
 * The variables every template sees (documented in docs/notifications.md). Values are plain
 * strings, numbers and lists, so Liquid can only print them.
 */
export function templateData(ctx: AppContext, b: AttendeeBundle, locale: MailLocale, join: JoinInfo | null, extra: Record<string, unknown> = {}) {
  const zone = b.event.timeZone;
  return {
    organization: { name: b.organization.senderName ?? b.organization.name },
    event: {
      title: b.event.title,
      description: b.event.description,
      url: publicEventUrl(ctx, b.event.slug),
      timeZone: zone,
      format: b.event.format,
      venue: b.event.venue ?? '',
      when: describeSessions(b.sessions, zone, locale, b.event),
      sessions: b.sessions.map((s) => ({ when: formatRange(s.startsAt, s.endsAt, zone, locale), startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
    },
    attendee: { firstName: b.attendee.firstName, lastName: b.attendee.lastName, email: b.attendee.email },
    buyer: { firstName: b.order.buyerFirstName, lastName: b.order.buyerLastName, email: b.order.buyerEmail },
    ticket: { url: ticketUrl(ctx, b.attendee.ticketToken), calendarUrl: calendarUrl(ctx, b.attendee.ticketToken), type: b.ticketTypeName },
    order: { id: b.order.id, status: b.order.status, total: b.order.totalAmount > 0 ? formatMoney(b.order.totalAmount, b.order.currency, locale) : '' },
    join: join ? { url: join.url, passcode: join.passcode ?? '', meetingId: join.meetingId ?? '' } : { url: '', passcode: '', meetingId: '' },
    tickets: [] as { name: string; url: string }[],
    ...extra,
  };
}

/** Sample data for the preview endpoint: every variable filled, nothing real. */
export function sampleData(ctx: AppContext, locale: MailLocale) {
  const start = DateTime.now().plus({ days: 7 }).set({ hour: 18, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  const end = new Date(start.getTime() + 90 * 60_000);
  const zone = 'Europe/Warsaw';
  const when = formatRange(start, end, zone, locale);
  return {
    organization: { name: 'Sample Organisation' },
    event: { title: 'Sample webinar', description: 'What we will cover.', url: `${ctx.config.appUrl}/e/sample`, timeZone: zone, format: 'online', venue: '', when, sessions: [{ when, startsAt: start.toISOString(), endsAt: end.toISOString() }] },
    attendee: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    buyer: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' },
    ticket: { url: `${ctx.config.appUrl}/t/sample-ticket`, calendarUrl: `${ctx.config.appUrl}/api/v1/public/tickets/sample-ticket/calendar.ics`, type: 'Standard' },
    order: { id: 'ord_sample', status: 'completed', total: formatMoney(4900, 'PLN', locale) },
    join: { url: 'https://meet.jit.si/foyer-sample-room', passcode: '123456', meetingId: '' },
    tickets: [{ name: 'Ada Lovelace', url: `${ctx.config.appUrl}/t/sample-ticket` }, { name: 'Grace Hopper', url: `${ctx.config.appUrl}/t/sample-ticket-2` }],
    previous: { title: 'Old sample title' },
    session: { when },
    refund: { amount: formatMoney(4900, 'PLN', locale) },
    reason: '',
    refunded: false,
    changes: ['time'],
  };
}
