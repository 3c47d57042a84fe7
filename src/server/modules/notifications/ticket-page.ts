import QRCode from 'qrcode';
import { DateTime, Duration } from 'luxon';
import type { AppContext } from '../../context.js';
import { ticketUrl } from '../public/public-events.service.js';
import type { AttendeeBundle } from './attendee-bundle.js';
import { joinFor, linkSettings, type JoinInfo } from './conference-info.js';
import { calendarUrl } from './template-data.js';

/** "Show conference details" block: topic, start, end, duration, recurrence, meeting ID, passcode, link. */
export function conferenceDetails(b: AttendeeBundle, join: JoinInfo | null, opts: { includeJoin: boolean }) {
  const first = b.sessions[0] ?? b.event;
  const last = b.sessions[b.sessions.length - 1] ?? b.event;
  const zone = b.event.timeZone;
  const minutes = Math.round((first.endsAt.getTime() - first.startsAt.getTime()) / 60_000);
  const details = {
    topic: join?.topic ?? b.event.title,
    startsAt: first.startsAt.toISOString(),
    endsAt: last.endsAt.toISOString(),
    durationMinutes: minutes,
    recurrence: b.event.kind === 'series' ? (b.event.recurrenceRule ?? `${b.sessions.length} sessions`) : null,
    meetingId: join?.meetingId ?? null,
    passcode: join?.passcode ?? null,
    joinUrl: opts.includeJoin ? (join?.url ?? null) : null,
  };
  const fmt = (d: string) => DateTime.fromISO(d, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
  const lines = [
    `Topic: ${details.topic}`,
    `Start: ${fmt(details.startsAt)} (${zone})`,
    `End: ${fmt(details.endsAt)}`,
    `Duration: ${Duration.fromObject({ minutes }).shiftTo('hours', 'minutes').toHuman({ unitDisplay: 'short' })}`,
    ...(details.recurrence ? [`Recurrence: ${details.recurrence}`] : []),
    ...(details.meetingId ? [`Meeting ID: ${details.meetingId}`] : []),
    ...(details.passcode ? [`Passcode: ${details.passcode}`] : []),
    ...(details.joinUrl ? [`Join: ${details.joinUrl}`] : []),
  ];
  return { details, lines };
}

const validZone = (z: string | undefined) => (z && DateTime.now().setZone(z).isValid ? z : null);

/**
 * What the ticket page adds to the public ticket: sessions in the viewer's and the event's
 * zone, join link(s) and passcode for a valid ticket unless hidden on the ticket page,
 * conference details when the organiser shows them, a QR code for in-person/hybrid.
 * Only the ticket's own holder reaches this (the token is theirs alone).
 */
export async function ticketPageExtras(ctx: AppContext, b: AttendeeBundle, opts: { viewerTimeZone?: string; locale?: string }) {
  const joins = await joinFor(ctx.database.db, b.attendee.id, b.event.id, b.event.settings);
  const settings = linkSettings(b.event.settings, joins.confs.map((c) => c.settings));
  const viewerZone = validZone(opts.viewerTimeZone) ?? b.event.timeZone;
  const locale = opts.locale ?? b.order.locale;
  const valid = b.status === 'valid' && b.event.status !== 'cancelled';
  const showJoin = valid && !settings.hideJoinLinkOnTicket;
  if (!valid) joins.all = [];
  const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).setLocale(locale);
  const inPerson = b.event.format !== 'online';
  return {
    viewerTimeZone: viewerZone,
    eventTimeZone: b.event.timeZone,
    sessions: b.sessions.map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      status: s.status,
      local: { timeZone: viewerZone, startsAt: local(s.startsAt, viewerZone).toISO(), endsAt: local(s.endsAt, viewerZone).toISO(), label: `${local(s.startsAt, viewerZone).toLocaleString(DateTime.DATETIME_MED)} – ${local(s.endsAt, viewerZone).toLocaleString(DateTime.TIME_SIMPLE)} (${viewerZone})` },
      eventLocal: { timeZone: b.event.timeZone, startsAt: local(s.startsAt, b.event.timeZone).toISO(), endsAt: local(s.endsAt, b.event.timeZone).toISO() },
    })),
    join: showJoin && joins.all.length
      ? { links: joins.all.map((j) => ({ url: j.url, passcode: j.passcode, sessionId: j.sessionId, personal: j.personal })), url: joins.primary!.url, passcode: joins.primary!.passcode }
      : null,
    joinLinkHidden: valid && settings.hideJoinLinkOnTicket,
    conference: valid && settings.showConferenceDetails ? conferenceDetails(b, joins.primary, { includeJoin: showJoin }).details : null,
    calendarUrl: calendarUrl(ctx, b.attendee.ticketToken),
    qrCode: inPerson && valid ? await QRCode.toString(ticketUrl(ctx, b.attendee.ticketToken), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) : null,
    qrCodeDataUrl: inPerson && valid ? await QRCode.toDataURL(ticketUrl(ctx, b.attendee.ticketToken), { errorCorrectionLevel: 'M', margin: 1 }) : null,
  };
}

/** The calendar download for a ticket token (join URL left out when hidden on the ticket page). */
export async function ticketCalendar(ctx: AppContext, b: AttendeeBundle) {
  const { buildIcs, calendarSequence, cancelledSessionsOf } = await import('./ics.js');
  const valid = b.status === 'valid' && b.event.status !== 'cancelled';
  const joins = await joinFor(ctx.database.db, b.attendee.id, b.event.id, b.event.settings);
  const settings = linkSettings(b.event.settings, joins.confs.map((c) => c.settings));
  const sequence = await calendarSequence(ctx.database.db, b.event);
  return buildIcs(ctx, b, valid ? joins.primary : null, { includeJoin: valid && !settings.hideJoinLinkOnTicket, showDetails: settings.showConferenceDetails, sequence, cancelledSessions: await cancelledSessionsOf(ctx.database.db, b.event.id) });
}

/** Ticket-page additions for the public ticket endpoint (public-events.service.ts). */
export async function ticketExtrasByToken(ctx: AppContext, ticketToken: string, opts: { viewerTimeZone?: string } = {}) {
  const { loadBundle } = await import('./attendee-bundle.js');
  const b = await loadBundle(ctx.database.db, { ticketToken });
  return b ? ticketPageExtras(ctx, b, opts) : {};
}

/** `calendar.ics` for a ticket token, or null when the token is unknown. */
export async function calendarByToken(ctx: AppContext, ticketToken: string): Promise<{ ics: string; filename: string } | null> {
  const { loadBundle } = await import('./attendee-bundle.js');
  const b = await loadBundle(ctx.database.db, { ticketToken });
  if (!b) return null;
  const name = b.event.slug.replace(/[^a-z0-9-]/g, '') || 'event';
  return { ics: await ticketCalendar(ctx, b), filename: `${name}.ics` };
}
