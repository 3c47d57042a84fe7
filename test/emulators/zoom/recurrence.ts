// Start times, time zones and recurrence → occurrences, as Zoom's create-meeting docs describe
// (rivet `MeetingsCreateMeetingRequestBody`, reference/zoom.md "Meetings"):
// - `start_time` ending in `Z` (or an offset) is absolute; without it, it is wall-clock time in
//   `timezone` (or the host's time zone).
// - recurrence type 1 daily (interval ≤ 99 days), 2 weekly (≤ 50 weeks; `weekly_days` "1".."7",
//   1 = Sunday), 3 monthly (≤ 10 months; `monthly_day`, or `monthly_week` -1,1..4 plus
//   `monthly_week_day`); ends after `end_times` (default 1, at most 60) or at `end_date_time`.
// - occurrence ids are the occurrence start in epoch milliseconds (Zoom's ids look like
//   "1648194360000"); occurrences keep the wall-clock time across DST changes.
import { zoomTime } from './state.js';
import type { Occurrence, Recurrence } from './types.js';

export const MAX_OCCURRENCES = 60;

interface Wall { y: number; m: number; d: number; h: number; mi: number; s: number }

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function wallOf(utcMs: number, tz: string): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** Wall-clock time in `tz` → epoch ms (two passes settle DST transitions). */
export function wallToUtc(w: Wall, tz: string): number {
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const seen = wallOf(guess, tz);
    const offset = Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.mi, seen.s) - guess;
    guess = asUtc - offset;
  }
  return guess;
}

/** Parses Zoom's `start_time`; returns null when it is not a date-time. */
export function parseStartTime(value: string, tz: string): number | null {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return wallToUtc({ y, m: mo, d, h, mi, s: s || 0 }, tz);
}

/** Weekday 1..7 with 1 = Sunday, Zoom's numbering. */
const zoomWeekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
const addDays = (w: Wall, n: number): Wall => {
  const t = new Date(Date.UTC(w.y, w.m - 1, w.d + n));
  return { ...w, y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Candidate dates (wall clock, same time of day as the start) in order, unbounded. */
function* candidates(start: Wall, r: Recurrence): Generator<Wall> {
  const interval = Math.max(1, r.repeat_interval ?? 1);
  if (r.type === 1) {
    for (let i = 0; ; i += interval) yield addDays(start, i);
  } else if (r.type === 2) {
    const days = (r.weekly_days ?? String(zoomWeekday(start.y, start.m, start.d))).split(',').map((d) => Number(d.trim()));
    const weekStart = addDays(start, -(zoomWeekday(start.y, start.m, start.d) - 1));
    for (let week = 0; ; week += interval) {
      for (let wd = 1; wd <= 7; wd++) {
        const day = addDays(weekStart, week * 7 + wd - 1);
        if (days.includes(wd) && Date.UTC(day.y, day.m - 1, day.d) >= Date.UTC(start.y, start.m - 1, start.d)) yield day;
      }
    }
  } else {
    for (let k = 0; k < 1200; k += interval) {
      const first = new Date(Date.UTC(start.y, start.m - 1 + k, 1));
      const y = first.getUTCFullYear();
      const m = first.getUTCMonth() + 1;
      let d: number | undefined;
      if (r.monthly_day !== undefined) {
        d = r.monthly_day <= daysInMonth(y, m) ? r.monthly_day : undefined;
      } else {
        const wd = r.monthly_week_day ?? zoomWeekday(start.y, start.m, start.d);
        const matches = Array.from({ length: daysInMonth(y, m) }, (_, i) => i + 1).filter((x) => zoomWeekday(y, m, x) === wd);
        const week = r.monthly_week ?? Math.ceil(start.d / 7);
        d = week === -1 ? matches[matches.length - 1] : matches[week - 1];
      }
      if (d !== undefined && Date.UTC(y, m - 1, d) >= Date.UTC(start.y, start.m - 1, start.d)) yield { ...start, y, m, d };
    }
  }
}

/** Expands a fixed-time recurrence (meeting type 8 / webinar type 9) into occurrences. */
export function expandOccurrences(startMs: number, duration: number, tz: string, r: Recurrence): Occurrence[] {
  const start = wallOf(startMs, tz);
  const endMs = r.end_date_time ? Date.parse(r.end_date_time) : undefined;
  const count = endMs === undefined ? Math.min(Math.max(r.end_times ?? 1, 1), MAX_OCCURRENCES) : MAX_OCCURRENCES;
  const out: Occurrence[] = [];
  for (const wall of candidates(start, r)) {
    const at = wallToUtc(wall, tz);
    if (endMs !== undefined && at > endMs) break;
    out.push({ occurrence_id: String(at), start_time: zoomTime(at), duration, status: 'available' });
    if (out.length >= count) break;
  }
  return out;
}
