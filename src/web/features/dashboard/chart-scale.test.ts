import { describe, expect, it } from 'vitest';
import { dailySeries, niceScale } from './chart-scale';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

describe('sales chart arithmetic', () => {
  it('fills quiet days with zeros, covers at least a week and merges currencies per day', () => {
    const series = dailySeries([
      { date: '2026-03-27', currency: 'PLN', orders: 1, tickets: 2, gross: pln(5000) },
      { date: '2026-03-30', currency: 'EUR', orders: 1, tickets: 1, gross: { amount: 1200, currency: 'EUR' } },
      { date: '2026-03-30', currency: 'PLN', orders: 2, tickets: 3, gross: pln(7500) },
    ]);
    // 24 Mar … 30 Mar (a week ending on the last sale; the DST change on 29 Mar is irrelevant to calendar days).
    expect(series.map((p) => p.date)).toEqual(['2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    expect(series.map((p) => p.tickets)).toEqual([0, 0, 0, 2, 0, 0, 4]);
    expect(series[6]).toMatchObject({ orders: 3, gross: [{ amount: 1200, currency: 'EUR' }, pln(7500)] });
    expect(dailySeries([])).toEqual([]);
  });

  it('keeps every day of a longer sale period', () => {
    const series = dailySeries([
      { date: '2026-01-30', currency: 'PLN', orders: 1, tickets: 1, gross: pln(100) },
      { date: '2026-03-02', currency: 'PLN', orders: 1, tickets: 1, gross: pln(100) },
    ]);
    expect(series).toHaveLength(32);
    expect(series[0]!.date).toBe('2026-01-30');
    expect(series[31]!.date).toBe('2026-03-02');
  });

  it('picks a round axis top with even, whole steps', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(4)).toEqual({ top: 4, step: 1 });
    expect(niceScale(6)).toEqual({ top: 6, step: 2 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(23)).toEqual({ top: 25, step: 5 });
    expect(niceScale(101)).toEqual({ top: 125, step: 25 });
    expect(niceScale(437)).toEqual({ top: 500, step: 100 });
  });
});
