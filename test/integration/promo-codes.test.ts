import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/api.js';
import { buildPerson, buildPublishedEvent, buildTicketType, placeOrder } from '../factories.js';
import { orderDetail, startListeningHarness } from '../helpers/payments.js';

let h: Harness;
let base: string;
beforeAll(async () => {
  const s = await startListeningHarness();
  h = s.h;
  base = s.url;
});
afterAll(async () => h?.close());

const PLN = (amount: number) => ({ amount, currency: 'PLN' });

async function code(token: string, eventId: string, body: Record<string, unknown>) {
  const res = await h.call('POST', `/api/v1/events/${eventId}/promo-codes`, { token, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const buy = (slug: string, ticketTypeId: string, extra: Record<string, unknown> = {}) =>
  placeOrder(h, slug, { items: [{ ticketTypeId, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual', ...extra });

describe('promo codes', () => {
  it('are created, listed and changed with validation', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: PLN(10000) } });
    const both = await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'BOTH', percentOff: 10, amountOff: PLN(100) } });
    expect(both.statusCode).toBe(422);
    const wrongCurrency = await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'EUR', amountOff: { amount: 100, currency: 'EUR' } } });
    expect(wrongCurrency.statusCode).toBe(422);
    const c = await code(ev.token, ev.event.id, { code: 'Spring10', percentOff: 10, maxUses: 5 });
    expect(c).toMatchObject({ code: 'Spring10', percentOff: 10, maxUses: 5, usedCount: 0, remainingUses: 5 });
    expect((await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'SPRING10', percentOff: 5 } })).statusCode).toBe(409);
    const patched = await h.call('PATCH', `/api/v1/events/${ev.event.id}/promo-codes/${c.id}`, { token: ev.token, body: { amountOff: PLN(2500), maxUses: 50 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ percentOff: null, amountOff: PLN(2500), maxUses: 50 });
    const list = await h.call('GET', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token });
    expect(list.json().data).toHaveLength(1);

    const o = await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'spring10' });
    expect(o.statusCode, o.body).toBe(201);
    const d = await orderDetail(h, ev.token, o.json().order.id);
    expect(d).toMatchObject({ subtotal: PLN(10000), discount: PLN(2500), total: PLN(7500) });
  });

  it('is never used more than maxUses under 100 concurrent checkouts', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: PLN(5000) } });
    const c = await code(ev.token, ev.event.id, { code: 'FLASH', percentOff: 50, maxUses: 10 });
    const results = await Promise.all(Array.from({ length: 100 }, () =>
      fetch(`${base}/api/v1/public/events/${ev.event.slug}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual', promoCode: 'FLASH' }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.error.code === 'promo_code_used_up')).toBe(true);
    const row = await h.ctx.database.pool.query(`SELECT used_count FROM promo_codes WHERE id = $1`, [c.id]);
    expect(row.rows[0].used_count).toBe(10);
    const used = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM orders WHERE promo_code_id = $1`, [c.id]);
    expect(used.rows[0].n).toBe(10);
  });

  it('a use is given back when the order is rejected before completion', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: PLN(5000) } });
    const c = await code(ev.token, ev.event.id, { code: 'ONCE', percentOff: 20, maxUses: 1 });
    const first = await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'ONCE' });
    expect(first.statusCode).toBe(201);
    expect((await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'ONCE' })).statusCode).toBe(409);
    await h.call('POST', `/api/v1/orders/${first.json().order.id}/reject`, { token: ev.token, body: {} });
    const list = (await h.call('GET', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token })).json().data;
    expect(list.find((x: { id: string }) => x.id === c.id).usedCount).toBe(0);
    expect((await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'ONCE' })).statusCode).toBe(201);
  });

  it('100 % makes the order free with no payment step; applies to the discounted price; respects ticket types and validUntil', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: PLN(10000), discountedPrice: PLN(8000) } });
    const other = await buildTicketType(h, ev.token, ev.event.id, { name: 'VIP', price: PLN(20000) });
    await code(ev.token, ev.event.id, { code: 'GIFT', percentOff: 100 });
    await code(ev.token, ev.event.id, { code: 'HALF', percentOff: 50, ticketTypeIds: [ev.ticketType.id] });
    await code(ev.token, ev.event.id, { code: 'OLD', percentOff: 10, validUntil: '2020-01-01T00:00:00Z' });

    const free = await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'GIFT' });
    expect(free.statusCode, free.body).toBe(201);
    expect(free.json()).toMatchObject({ order: { status: 'completed', total: PLN(0) } });
    expect((await orderDetail(h, ev.token, free.json().order.id)).paymentMethod).toBe('free');

    const half = await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'HALF' });
    expect(half.json().order.total).toEqual(PLN(4000)); // 50 % of the early-bird 80.00

    const notForVip = await buy(ev.event.slug, other.id, { promoCode: 'HALF' });
    expect(notForVip.statusCode).toBe(422);
    expect(notForVip.json().error.code).toBe('invalid_promo_code');
    const expired = await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'OLD' });
    expect(expired.statusCode).toBe(422);
    expect((await buy(ev.event.slug, ev.ticketType.id, { promoCode: 'NOPE' })).statusCode).toBe(422);
  });

  it('works for series and bookable events', async () => {
    const start = new Date(Date.now() + 3 * 86400_000);
    start.setUTCMinutes(0, 0, 0);
    const series = await buildPublishedEvent(h, {
      event: { kind: 'series', recurrenceRule: 'FREQ=WEEKLY;COUNT=4', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString() },
      ticket: { price: PLN(40000) },
    });
    await code(series.token, series.event.id, { code: 'COURSE', amountOff: PLN(10000) });
    const s = await buy(series.event.slug, series.ticketType.id, { promoCode: 'COURSE' });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().order.total).toEqual(PLN(30000));

    const booking = await buildPublishedEvent(h, {
      event: { kind: 'bookable', startsAt: undefined, endsAt: undefined, sessions: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1800_000).toISOString(), capacity: 1 }] },
      ticket: { price: PLN(15000) },
    });
    await code(booking.token, booking.event.id, { code: 'FIRSTVISIT', percentOff: 100 });
    const b = await placeOrder(h, booking.event.slug, { items: [{ ticketTypeId: booking.ticketType.id, quantity: 1, sessionId: booking.event.sessions[0].id }], buyer: buildPerson(), paymentMethod: 'manual', promoCode: 'FIRSTVISIT' });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().order).toMatchObject({ status: 'completed', total: PLN(0) });
  });
});
