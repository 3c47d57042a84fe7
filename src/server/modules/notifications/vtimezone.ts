import { DateTime } from 'luxon';

/**
 * A VTIMEZONE component (RFC 5545 §3.6.5) for an IANA zone, built from the zone data the
 * runtime has (luxon/Intl), so every TZID the calendar uses is defined in the file itself —
 * clients such as Outlook do not resolve bare IANA names. Each offset change from the start of
 * `from`'s year to the end of `to`'s year is written as its own observance (no RRULE guessing),
 * preceded by one observance at the start of that window, so any instant in it maps to exactly
 * one offset.
 */
export function vtimezone(zone: string, from: Date, to: Date): string {
  const key = `${zone}|${new Date(from).getUTCFullYear()}|${new Date(to).getUTCFullYear()}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = build(zone, from, to);
    if (cache.size > 200) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

const cache = new Map<string, string>();
const DAY = 86_400_000;
const MINUTE = 60_000;

function build(zone: string, from: Date, to: Date): string {
  const start = DateTime.fromJSDate(from, { zone }).startOf('year').toMillis();
  const end = DateTime.fromJSDate(to, { zone }).endOf('year').toMillis();
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const observances: { at: number; from: number; to: number }[] = [{ at: start, from: offsetAt(start), to: offsetAt(start) }];
  let t = start;
  let off = offsetAt(t);
  while (t < end) {
    const next = t + DAY;
    const o = offsetAt(next);
    if (o !== off) {
      // Narrow the change down to the minute.
      let lo = t;
      let hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE)) * MINUTE;
        if (offsetAt(mid) === off) lo = mid;
        else hi = mid;
      }
      observances.push({ at: hi, from: off, to: o });
    }
    t = next;
    off = o;
  }
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  for (const x of observances) {
    const at = DateTime.fromMillis(x.at, { zone });
    const kind = at.isInDST ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the local time of the change in the offset in force before it.
    const local = DateTime.fromMillis(x.at + x.from * MINUTE, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss");
    lines.push(`BEGIN:${kind}`, `DTSTART:${local}`, `TZOFFSETFROM:${fmtOffset(x.from)}`, `TZOFFSETTO:${fmtOffset(x.to)}`, `TZNAME:${tzName(at)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n') + '\r\n';
}

function fmtOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

function tzName(at: DateTime): string {
  const name = at.setLocale('en-US').offsetNameShort ?? fmtOffset(at.offset);
  return name.replace(/[^\w+\-:]/g, '') || fmtOffset(at.offset);
}
