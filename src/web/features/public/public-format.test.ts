// Money and dates as the buyer pages show them (src/web/lib/format.ts, features/public/public-format.ts):
// per-locale formats, JPY and KRW without minor units, times in the viewer's zone.
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../lib/format';
import { sameOffset, sessionRange } from './public-format';

const plain = (s: string) => s.replace(/\s/g, ' ');

describe('buyer-facing formats', () => {
  it('formats money per locale, with no minor unit for JPY and KRW', () => {
    expect(plain(formatMoney({ amount: 4900, currency: 'PLN' }, 'pl'))).toBe('49,00 zł');
    expect(plain(formatMoney({ amount: 4900, currency: 'PLN' }, 'en-GB'))).toBe('PLN 49.00');
    expect(plain(formatMoney({ amount: 5000, currency: 'JPY' }, 'ja'))).toMatch(/^[￥¥]5,000$/);
    expect(plain(formatMoney({ amount: 150000, currency: 'KRW' }, 'ko'))).toBe('₩150,000');
    expect(plain(formatMoney({ amount: 199900, currency: 'RUB' }, 'ru'))).toBe('1 999,00 ₽');
    expect(plain(formatMoney({ amount: 1050, currency: 'EUR' }, 'en'))).toBe('€10.50');
  });

  it("shows a session in the viewer's zone and tells whether it differs from the event's", () => {
    const start = '2026-12-02T23:00:00Z';
    const end = '2026-12-03T00:30:00Z';
    expect(plain(sessionRange(start, end, 'Europe/Warsaw', 'en-GB'))).toMatch(/Thu, 3 Dec 2026, 00:00\s?–\s?01:30 CET/);
    expect(plain(sessionRange(start, end, 'America/New_York', 'en-GB'))).toMatch(/Wed, 2 Dec 2026, 18:00\s?–\s?19:30 (GMT-5|EST)/);
    expect(sameOffset('Europe/Warsaw', 'Europe/Berlin', new Date(start))).toBe(true);
    expect(sameOffset('Europe/Warsaw', 'America/New_York', new Date(start))).toBe(false);
  });
});
