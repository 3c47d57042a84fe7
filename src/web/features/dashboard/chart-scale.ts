import type { Money } from '../../api/types';
import type { EventStats } from './api';

// The sales chart's arithmetic, without React (unit-tested in chart-scale.test.ts).

export interface DayPoint {
  date: string; // YYYY-MM-DD, a calendar day in the event's time zone
  tickets: number;
  orders: number;
  gross: Money[];
}

/** One point per calendar day up to the last sale (a week at least), with the quiet days as zeros. */
export function dailySeries(rows: EventStats['salesPerDay']): DayPoint[] {
  if (!rows.length) return [];
  const byDay = new Map<string, DayPoint>();
  for (const r of rows) {
    const p = byDay.get(r.date) ?? { date: r.date, tickets: 0, orders: 0, gross: [] };
    p.tickets += r.tickets;
    p.orders += r.orders;
    p.gross.push(r.gross);
    byDay.set(r.date, p);
  }
  const days = [...byDay.keys()].sort();
  const out: DayPoint[] = [];
  const end = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
  // At least a week, so one busy day reads as a bar among quiet days rather than a lone block.
  const start = Math.min(Date.parse(`${days[0]}T00:00:00Z`), end - 6 * 86_400_000);
  // Calendar arithmetic in UTC: the dates are already the event zone's days.
  for (let d = start, guard = 0; d <= end && guard < 1000; d += 86_400_000, guard++) {
    const key = new Date(d).toISOString().slice(0, 10);
    out.push(byDay.get(key) ?? { date: key, tickets: 0, orders: 0, gross: [] });
  }
  return out;
}

/** A round top for the axis and an even step (1, 2, 2.5 or 5 × 10ⁿ) giving at most five lines. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 5) return { top: Math.max(1, max), step: 1 };
  const pow = 10 ** Math.floor(Math.log10(max));
  const step = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map((m) => m * pow).find((st) => st >= 1 && Number.isInteger(st) && Math.ceil(max / st) <= 5) ?? pow * 10;
  return { top: Math.ceil(max / step) * step, step };
}
