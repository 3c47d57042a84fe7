import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { conferences, domainEvents, sessions } from '../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { expandRecurrence } from '../../lib/time.js';
import { ticketUrl } from '../public/public-events.service.js';
import type { AttendeeBundle, SessionRow } from './attendee-bundle.js';
import type { JoinInfo } from './conference-info.js';
import { conferenceDetails } from './ticket-page.js';
import { vtimezone } from './vtimezone.js';

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
 * The calendar revision of an event: its version (bumped by every change of title, time or
 * sessions) plus the link changes made on its conferences without a version bump
 * (`conference.changed`, `conference.drift_repaired`). Domain events are never deleted, so
 * this only ever grows.
 */
export async function calendarSequence(db: Db, event: { id: string; version: number }): Promise<number> {
  // A drift repair may recreate the meeting (new links for everyone): it counts as a change too.
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(domainEvents)
    .where(or(
      and(eq(domainEvents.aggregateId, event.id), eq(domainEvents.type, 'conference.changed')),
      and(eq(domainEvents.type, 'conference.drift_repaired'), inArray(domainEvents.aggregateId, db.select({ id: conferences.id }).from(conferences).where(eq(conferences.eventId, event.id)))),
    ));
  return event.version + Number(r?.n ?? 0);
}

/** The event's cancelled sessions (for CANCELLED entries in whole-event calendars). */
export async function cancelledSessionsOf(db: Db, eventId: string): Promise<SessionRow[]> {
  return db.select().from(sessions).where(and(eq(sessions.eventId, eventId), eq(sessions.status, 'cancelled'))).orderBy(asc(sessions.startsAt));
}

/**
 * One attendee's calendar. UIDs are `<attendee>-<session>@foyer` so re-imports update the
 * same entries; SEQUENCE is `calendarSequence` (the event version plus link changes), so every
 * change of title/time/link raises it. Times carry the event's TZID, defined by a VTIMEZONE.
 * `includeJoin` is false where the join link is hidden (ticket page or e-mail option).
 */
export function buildIcs(ctx: AppContext, b: AttendeeBundle, join: JoinInfo | null, opts: IcsOptions): string {
  // A fan-out writes thousands of calendars that differ only in the attendee id (UID), the
  // ticket link and the join link: the file is rendered once per shape with stand-ins for
  // those, then each attendee's values are put in (escaped as ical-generator would) and the
  // lines folded again. Everything else the file depends on is in the key.
  const key = createHash('sha1')
    .update(JSON.stringify([ctx.config.appUrl, b.event, b.sessions, b.status, b.attendee.sessionId, join && { ...join, url: Boolean(join.url) }, opts]))
    .digest('base64');
  let shape = shapes.get(key);
  if (shape === undefined) {
    const stand = { ...b, attendee: { ...b.attendee, id: STAND_IN.attendee, ticketToken: STAND_IN.token } };
    shape = unfold(renderIcs(ctx, stand, join && { ...join, url: STAND_IN.join }, opts));
    if (shapes.size > 500) shapes.clear();
    shapes.set(key, shape);
  }
  const filled = shape
    .replaceAll(STAND_IN.attendee, escapeText(b.attendee.id))
    .replaceAll(STAND_IN.token, escapeText(b.attendee.ticketToken))
    .replaceAll(STAND_IN.join, escapeText(join?.url ?? ''));
  return fold(filled);
}

export interface IcsOptions {
  includeJoin: boolean;
  showDetails: boolean;
  sequence?: number;
  cancelledSessions?: SessionRow[];
}

const shapes = new Map<string, string>();
// Stand-ins that ical-generator leaves as they are (no characters it escapes).
const STAND_IN = { attendee: 'att0FoyerStandInAttendee0', token: 'tok0FoyerStandInToken0', join: 'https://join.invalid/foyer0StandInJoin0' };

/** RFC 5545 §3.3.11 text escaping, as ical-generator applies it to text and URI values. */
const escapeText = (v: string) => v.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

/** Folds content lines at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export function fold(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      const ascii = !/[^\x00-\x7f]/.test(line);
      if (ascii) {
        if (line.length <= 75) return line;
        const parts = [line.slice(0, 75)];
        for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
        return parts.join('\r\n ');
      }
      let out = '';
      let cur = '';
      let bytes = 0;
      let limit = 75;
      for (const ch of line) {
        const n = Buffer.byteLength(ch);
        if (bytes + n > limit) {
          out += `${cur}\r\n `;
          cur = '';
          bytes = 0;
          limit = 74;
        }
        cur += ch;
        bytes += n;
      }
      return out + cur;
    })
    .join('\r\n');
}

/** The calendar rendered directly (no shape cache); `buildIcs` is what callers use. */
export function renderIcs(ctx: AppContext, b: AttendeeBundle, join: JoinInfo | null, opts: IcsOptions): string {
  const { event } = b;
  const zone = event.timeZone;
  const host = new URL(ctx.config.appUrl).hostname || 'foyer';
  const spanFrom = b.sessions[0]?.startsAt ?? event.startsAt;
  const spanTo = b.sessions[b.sessions.length - 1]?.endsAt ?? event.endsAt;
  const cal = ical({
    name: event.title,
    prodId: { company: 'Foyer', product: 'tickets', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: zone, generator: (tz: string) => vtimezone(tz, spanFrom, spanTo) },
  });
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
      sequence: opts.sequence ?? event.version,
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
  // Sessions removed from the event stay in the file as CANCELLED, so calendars that had
  // them (same UID) drop them instead of keeping a session that no longer takes place.
  if (!b.attendee.sessionId) for (const s of opts.cancelledSessions ?? []) if (!b.sessions.some((x) => x.id === s.id)) entry(s);
  return cal.toString();
}
