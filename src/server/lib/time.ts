import { DateTime, IANAZone } from 'luxon';
import rrulePkg from 'rrule';
import { invalid } from './errors.js';

const { RRule } = rrulePkg;

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

export const MAX_OCCURRENCES = 366;

export function assertTimeZone(field: string, zone: string): void {
  if (!IANAZone.isValidZone(zone)) {
    throw invalid(field, `"${zone}" is not an IANA time zone; use a name such as Europe/Warsaw or Asia/Tokyo`, 'invalid_time_zone');
  }
}

export function assertInterval(field: string, startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw invalid(`${field}endsAt`, 'must be after startsAt');
}

/**
 * Expands an RFC 5545 RRULE in the event's time zone. rrule works in UTC, so we run it on
 * "floating" wall-clock times and convert each occurrence back through Luxon: a weekly
 * 18:00 Warsaw class stays at 18:00 local across the DST change.
 */
export function expandRecurrence(rule: string, first: Interval, timeZone: string): Interval[] {
  const durationMs = first.endsAt.getTime() - first.startsAt.getTime();
  const local = DateTime.fromJSDate(first.startsAt, { zone: timeZone });
  const floatingStart = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
  let parsed;
  try {
    const options = RRule.parseString(rule.replace(/^RRULE:/i, '').trim());
    if (options.freq === undefined) throw new Error('FREQ is required');
    if (!options.count && !options.until) throw new Error('a COUNT or UNTIL is required so the series ends');
    if (options.until) {
      // UNTIL is an instant; move it into the same floating frame as DTSTART.
      const u = DateTime.fromJSDate(options.until, { zone: timeZone });
      options.until = new Date(Date.UTC(u.year, u.month - 1, u.day, u.hour, u.minute, u.second));
    }
    parsed = new RRule({ ...options, dtstart: floatingStart });
  } catch (e) {
    throw invalid('recurrenceRule', `is not a valid RFC 5545 rule (${(e as Error).message}); example: FREQ=WEEKLY;BYDAY=TU;COUNT=8`, 'invalid_recurrence_rule');
  }
  const dates = parsed.all((_d, i) => i < MAX_OCCURRENCES + 1);
  if (dates.length > MAX_OCCURRENCES) {
    throw invalid('recurrenceRule', `produces more than ${MAX_OCCURRENCES} sessions; lower COUNT or UNTIL`, 'too_many_occurrences');
  }
  if (dates.length === 0) throw invalid('recurrenceRule', 'produces no sessions', 'invalid_recurrence_rule');
  return dates.map((d) => {
    const start = DateTime.fromObject(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
      { zone: timeZone },
    ).toJSDate();
    return { startsAt: start, endsAt: new Date(start.getTime() + durationMs) };
  });
}

/**
 * A multi-day event given only as first start and last end: one session per local day,
 * each with the first day's start time and the last day's end time (a 3-day conference
 * 09:00–17:00).
 */
export function splitIntoDays(startsAt: Date, endsAt: Date, timeZone: string): Interval[] {
  const s = DateTime.fromJSDate(startsAt, { zone: timeZone });
  const e = DateTime.fromJSDate(endsAt, { zone: timeZone });
  const days = Math.round(e.startOf('day').diff(s.startOf('day'), 'days').days) + 1;
  if (days > MAX_OCCURRENCES) throw invalid('endsAt', `a multi-day event can have at most ${MAX_OCCURRENCES} days`);
  const out: Interval[] = [];
  for (let i = 0; i < days; i++) {
    const day = s.plus({ days: i });
    const start = day.set({ hour: s.hour, minute: s.minute, second: s.second });
    let end = day.set({ hour: e.hour, minute: e.minute, second: e.second });
    if (end <= start) end = end.plus({ days: 1 }); // an evening-to-night window crosses midnight
    out.push({ startsAt: start.toJSDate(), endsAt: end.toJSDate() });
  }
  return out;
}

export const toIso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
