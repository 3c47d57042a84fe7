import type { Money } from '../api/types';

// Dates are shown in the event's time zone (not the viewer's), formatted for the UI locale.
const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // An unknown zone must not break the page: fall back to UTC, which is always valid.
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    cache.set(key, f);
  }
  return f;
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

/** "8 Dec 2026, 18:00 CET" — a date-time with the zone's short name. */
export function formatDateTime(iso: string, timeZone: string, locale: string, withZone = true): string {
  const options = withZone ? { ...DATE_TIME, timeZoneName: 'short' as const } : DATE_TIME;
  return dateFormat(locale, timeZone, options).format(new Date(iso));
}

/** "8 Dec 2026, 18:00 – 20:00 CET": the range collapses shared parts. */
export function formatDateTimeRange(startIso: string, endIso: string, timeZone: string, locale: string): string {
  const f = dateFormat(locale, timeZone, { ...DATE_TIME, timeZoneName: 'short' });
  const start = new Date(startIso);
  const end = new Date(endIso);
  return end.getTime() > start.getTime() ? f.formatRange(start, end) : f.format(start);
}

/** A time zone's long name and current offset, e.g. "Central European Time (GMT+1)". */
export function describeTimeZone(timeZone: string, locale: string, at: Date = new Date()): string {
  const part = (style: Intl.DateTimeFormatOptions['timeZoneName']) =>
    dateFormat(locale, timeZone, { timeZoneName: style })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
  const long = part('long');
  const offset = part('shortOffset');
  return long && offset && long !== offset ? `${long} (${offset})` : (offset ?? timeZone);
}

// ISO 4217 minor units as the server applies them: JPY and KRW have none.
const ZERO_DECIMAL = new Set(['JPY', 'KRW']);

export const minorDigits = (currency: string): number => (ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2);

export function formatMoney(money: Money, locale: string): string {
  const digits = minorDigits(money.currency);
  const major = money.amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${money.currency}`;
  }
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
