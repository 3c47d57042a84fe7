import { describeTimeZone } from '../../lib/format';

// Buyer pages show times in the viewer's own zone and name the event's zone next to them.
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    cache.set(key, f);
  }
  return f;
}

const SESSION: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** "Tue, 8 Dec 2026, 18:00 – 19:30 CET" in `timeZone`. */
export function sessionRange(startIso: string, endIso: string, timeZone: string, locale: string): string {
  const f = fmt(locale, timeZone, SESSION);
  const start = new Date(startIso);
  const end = new Date(endIso);
  return end > start ? f.formatRange(start, end) : f.format(start);
}

/** "18:00 – 19:30" for a slot picker, with the date given separately. */
export function timeRange(startIso: string, endIso: string, timeZone: string, locale: string): string {
  return fmt(locale, timeZone, { hour: 'numeric', minute: '2-digit' }).formatRange(new Date(startIso), new Date(endIso));
}

/** "Tuesday, 8 December 2026" — a slot group's heading. */
export function dayLabel(iso: string, timeZone: string, locale: string): string {
  return fmt(locale, timeZone, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

export function shortDateTime(iso: string, timeZone: string, locale: string): string {
  return fmt(locale, timeZone, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}

/** Whether two zones show the same wall time at `at` (then naming both adds nothing). */
export function sameOffset(a: string, b: string, at: Date = new Date()): boolean {
  if (a === b) return true;
  const f = (z: string) => fmt('en-US', z, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hour12: false }).format(at);
  return f(a) === f(b);
}

export { describeTimeZone };
