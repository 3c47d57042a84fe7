import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { expandRecurrence } from '../../lib/time.js';
import { ticketUrl } from '../public/public-events.service.js';
import type { AttendeeBundle, SessionRow } from './attendee-bundle.js';
import type { JoinInfo } from './conference-info.js';
import { conferenceDetails } from './ticket-page.js';

/** Reminders in every calendar entry: 1 week, 1 day and 1 hour before (SPEC 5). */
const ALARMS_SECONDS = [7 * 86400, 86400, 3600];

/**
 * A series is written as one entry with an RRULE only when the rule still yields exactly the
 * sessions the ticket covers (none moved or cancelled by hand); otherwise one entry per session.
 */
function seriesFits(b: AttendeeBundle): boolean {
  const { event, sessions } = b;
  if (event.kind !== 'series' || !event.recurrenceRule || b.attendee.sessionId || sessions.length < 2) return false;
  try {
    const first = sessions[0]!;
    const expected = expandRecurrence(event.recurrenceRule, first, event.timeZone);
    return expected.length === sessions.length && expected.every((x, i) => x.startsAt.getTime() === sessions[i]!.startsAt.getTime() && x.endsAt.getTime() === sessions[i]!.endsAt.getTime());
  } catch {
    return false;
  }
}

/**
 * One attendee's calendar. UIDs are `<attendee>-<session>@foyer` so re-imports update the
 * same entries; SEQUENCE is the event version, which every change of title/time/link bumps.
 * `includeJoin` is false where the join link is hidden (ticket page or e-mail option).
 */
export function buildIcs(ctx: AppContext, b: AttendeeBundle, join: JoinInfo | null, opts: { includeJoin: boolean; showDetails: boolean }): string {
  const { event } = b;
  const zone = event.timeZone;
  const host = new URL(ctx.config.appUrl).hostname || 'foyer';
  const cal = ical({ name: event.title, prodId: { company: 'Foyer', product: 'tickets', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  const link = opts.includeJoin && join ? join.url : null;
  const ticket = ticketUrl(ctx, b.attendee.ticketToken);
  const description = [
    event.description,
    opts.showDetails ? conferenceDetails(b, join, { includeJoin: opts.includeJoin }).lines.join('\n') : link ? `Join: ${link}` : '',
    `Ticket: ${ticket}`,
  ].filter(Boolean).join('\n\n');
  const cancelled = b.status === 'cancelled' || event.status === 'cancelled';
  const entry = (s: SessionRow, repeating?: string) => {
    const e = cal.createEvent({
      id: `${b.attendee.id}-${s.id}@${host}`,
      sequence: event.version,
      start: DateTime.fromJSDate(s.startsAt).setZone(zone),
      end: DateTime.fromJSDate(s.endsAt).setZone(zone),
      timezone: zone,
      summary: event.title,
      description,
      location: link ?? event.venue ?? undefined,
      url: link ?? ticket,
      status: cancelled || s.status === 'cancelled' ? ('CANCELLED' as never) : ('CONFIRMED' as never),
      ...(repeating ? { repeating } : {}),
    });
    for (const seconds of ALARMS_SECONDS) e.createAlarm({ type: ICalAlarmType.display, trigger: seconds, description: event.title });
  };
  if (seriesFits(b)) entry(b.sessions[0]!, event.recurrenceRule!.replace(/^RRULE:/i, ''));
  else for (const s of b.sessions) entry(s);
  return cal.toString();
}
