import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';

// The installation-wide service fee (FEE_PERCENT) applies unless an organisation sets its own.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { FEE_PERCENT: '2.5' } });
});
afterAll(async () => h?.close());

const PLN = (amount: number) => ({ amount, currency: 'PLN' });

describe('service fee', () => {
  it('installation default, organisation override and back; gross/fee/net per order and per event', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: PLN(4000) } });
    expect((await h.call('GET', '/api/v1/organization', { token: ev.token })).json().feePercent).toBe(2.5);
    await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'QUARTER', percentOff: 25 } });
    const buy = async (extra: Record<string, unknown> = {}) => {
      const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual', ...extra });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().order.id as string;
      const confirmed = await h.call('POST', `/api/v1/orders/${id}/confirm`, { token: ev.token, body: {} });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      return confirmed.json();
    };

    // 2.5 % of 40.00 = 1.00; with the promo code the fee is on what the buyer paid (30.00 → 0.75).
    expect(await buy()).toMatchObject({ total: PLN(4000), fee: PLN(100), net: PLN(3900) });
    expect(await buy({ promoCode: 'QUARTER' })).toMatchObject({ total: PLN(3000), fee: PLN(75), net: PLN(2925) });

    // The organisation's own rate applies to new orders only.
    expect((await h.call('PATCH', '/api/v1/organization', { token: ev.token, body: { feePercent: 0 } })).statusCode).toBe(200);
    expect(await buy()).toMatchObject({ fee: PLN(0), net: PLN(4000) });
    expect((await h.call('PATCH', '/api/v1/organization', { token: ev.token, body: { feePercent: null } })).json().feePercent).toBe(2.5);
    const refunded = await buy();
    expect(refunded.fee).toEqual(PLN(100));
    const part = await h.call('POST', `/api/v1/orders/${refunded.id}/refund`, { token: ev.token, body: { amount: 1000 } });
    expect(part.json()).toMatchObject({ refunded: PLN(1000), net: PLN(2900) });

    // Unpaid orders count nowhere.
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    const stats = (await h.call('GET', `/api/v1/events/${ev.event.id}/stats`, { token: ev.token })).json();
    expect(stats.revenue).toEqual([{ currency: 'PLN', orders: 4, gross: PLN(15000), fee: PLN(275), refunded: PLN(1000), net: PLN(13725) }]);
  });
});
