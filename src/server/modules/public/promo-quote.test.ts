import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPublishedEvent, buildTicketType } from '../../../../test/factories.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const PLN = (amount: number) => ({ amount, currency: 'PLN' });

describe('POST /api/v1/public/events/:slug/promo-check', () => {
  it('previews the discount on the current price without consuming the code, and names the field on errors', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { name: 'Early', price: PLN(10000), discountedPrice: PLN(8000) } });
    const vip = await buildTicketType(h, ev.token, ev.event.id, { name: 'VIP', price: PLN(20000) });
    const created = await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'EARLY25', percentOff: 25, maxUses: 1, ticketTypeIds: [ev.ticketType.id] } });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/v1/public/events/${ev.event.slug}/promo-check`;

    const res = await h.call('POST', url, { body: { promoCode: 'early25', items: [{ ticketTypeId: ev.ticketType.id, quantity: 2 }, { ticketTypeId: vip.id, quantity: 1 }] } });
    expect(res.statusCode, res.body).toBe(200);
    // 25 % of 2 × 80.00 (the discounted price), the VIP line is not eligible.
    expect(res.json()).toEqual({ promoCode: 'EARLY25', percentOff: 25, subtotal: PLN(36000), discount: PLN(4000), total: PLN(32000) });
    // Nothing consumed: a second preview still works (maxUses 1).
    expect((await h.call('POST', url, { body: { promoCode: 'EARLY25', items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }] } })).statusCode).toBe(200);

    const notEligible = await h.call('POST', url, { body: { promoCode: 'EARLY25', items: [{ ticketTypeId: vip.id, quantity: 1 }] } });
    expect(notEligible.statusCode).toBe(422);
    expect(notEligible.json().error).toMatchObject({ code: 'invalid_promo_code', details: { fields: [{ field: 'promoCode' }] } });
    const unknown = await h.call('POST', url, { body: { promoCode: 'NOPE', items: [{ ticketTypeId: vip.id, quantity: 1 }] } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('invalid_promo_code');
    const badType = await h.call('POST', url, { body: { promoCode: 'EARLY25', items: [{ ticketTypeId: 'tt_nope', quantity: 1 }] } });
    expect(badType.statusCode).toBe(422);
    expect((await h.call('POST', `/api/v1/public/events/no-such-event/promo-check`, { body: { promoCode: 'X', items: [{ ticketTypeId: 'x', quantity: 1 }] } })).statusCode).toBe(404);
  });
});
