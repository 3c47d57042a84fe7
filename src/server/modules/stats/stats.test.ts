import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, buildTicketType, placeOrder } from '../../../../test/factories.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('event statistics', () => {
  it('counts free, manually confirmed, refunded and pending orders, revenue and sales per day', async () => {
    const { event, ticketType: paid, token } = await buildPublishedEvent(h, { ticket: { name: 'Paid', price: { amount: 5000, currency: 'PLN' }, capacity: 10 } });
    expect((await h.call('PATCH', '/api/v1/organization', { token, body: { feePercent: 5 } })).statusCode).toBe(200);
    const free = await buildTicketType(h, token, event.id, { name: 'Free', price: { amount: 0, currency: 'PLN' } });
    const order = (body: Record<string, unknown>) => placeOrder(h, event.slug, { buyer: buildPerson(), ...body }).then((r) => r.json());

    await order({ items: [{ ticketTypeId: free.id, quantity: 2 }], attendees: [buildPerson(), buildPerson()] });
    const confirmed = await order({ items: [{ ticketTypeId: paid.id, quantity: 1 }], paymentMethod: 'manual' });
    await h.call('POST', `/api/v1/orders/${confirmed.order.id}/confirm`, { token, body: {} });
    const refunded = await order({ items: [{ ticketTypeId: paid.id, quantity: 2 }], attendees: [buildPerson(), buildPerson()], paymentMethod: 'manual' });
    await h.call('POST', `/api/v1/orders/${refunded.order.id}/confirm`, { token, body: {} });
    expect((await h.call('POST', `/api/v1/orders/${refunded.order.id}/refund`, { token, body: {} })).json().status).toBe('refunded');
    await order({ items: [{ ticketTypeId: paid.id, quantity: 1 }], paymentMethod: 'manual' });

    const res = await h.call('GET', `/api/v1/events/${event.id}/stats`, { token });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.ticketTypes).toEqual([
      { id: paid.id, name: 'Paid', capacity: 10, sold: 1, pending: 1, remaining: 8 },
      { id: free.id, name: 'Free', capacity: null, sold: 2, pending: 0, remaining: null },
    ]);
    expect(s.orders).toMatchObject({ completed: 2, refunded: 1, on_hold: 1, awaiting_payment: 0, cancelled: 0, expired: 0 });
    // 5 % fee on 50.00 and 100.00 PLN; the refunded order keeps its fee in the net figure, as on the order itself.
    expect(s.revenue).toEqual([{ currency: 'PLN', orders: 3, gross: { amount: 15000, currency: 'PLN' }, fee: { amount: 750, currency: 'PLN' }, refunded: { amount: 10000, currency: 'PLN' }, net: { amount: 4250, currency: 'PLN' } }]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
    expect(s.salesPerDay).toEqual([{ date: today, currency: 'PLN', orders: 3, tickets: 5, gross: { amount: 15000, currency: 'PLN' } }]);
    expect(s.attendees).toEqual({ active: 3, orders: 2 });
    expect(s.registrations).toEqual({ pending: 0, registered: 0, failed: 0, cancelPending: 0, cancelled: 0 });
    expect(s.reserved).toBe(4);
  });

  it('buckets sales per calendar day in the event time zone and keeps currencies apart', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { event: { timeZone: 'Asia/Tokyo' }, ticket: { price: { amount: 1000, currency: 'PLN' } } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = (await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 + (i % 2) }], buyer: buildPerson(), attendees: [buildPerson(), buildPerson()].slice(0, 1 + (i % 2)), paymentMethod: 'manual' })).json();
      expect((await h.call('POST', `/api/v1/orders/${o.order.id}/confirm`, { token, body: {} })).statusCode).toBe(200);
      ids.push(o.order.id);
    }
    // Completion instants either side of midnight in Tokyo (UTC+9): 14:59Z is 23:59 on the 1st, 15:00Z is 00:00 on the 2nd.
    const at = ['2026-03-01T14:59:00Z', '2026-03-01T15:00:00Z', '2026-03-02T03:00:00Z', '2026-03-05T00:00:00Z'];
    for (let i = 0; i < 4; i++) await h.ctx.database.pool.query(`UPDATE orders SET completed_at = $2 WHERE id = $1`, [ids[i], at[i]]);
    // An order taken in another currency (e.g. before the ticket type's currency changed) is its own revenue line.
    await h.ctx.database.pool.query(`UPDATE orders SET currency = 'EUR', total_amount = 700 WHERE id = $1`, [ids[3]]);

    const s = (await h.call('GET', `/api/v1/events/${event.id}/stats`, { token })).json();
    expect(s.salesPerDay).toEqual([
      { date: '2026-03-01', currency: 'PLN', orders: 1, tickets: 1, gross: { amount: 1000, currency: 'PLN' } },
      { date: '2026-03-02', currency: 'PLN', orders: 2, tickets: 3, gross: { amount: 3000, currency: 'PLN' } },
      { date: '2026-03-05', currency: 'EUR', orders: 1, tickets: 2, gross: { amount: 700, currency: 'EUR' } },
    ]);
    expect(s.revenue.map((r: any) => [r.currency, r.orders, r.gross.amount, r.net.amount])).toEqual([['EUR', 1, 700, 700], ['PLN', 3, 4000, 4000]]);
    expect(s.ticketTypes[0]).toMatchObject({ sold: 6, pending: 0 });
    expect(s.orders).toMatchObject({ completed: 4 });
  });

  it("answers 404 for another organisation's event", async () => {
    const a = await buildPublishedEvent(h);
    const b = await buildPublishedEvent(h);
    expect((await h.call('GET', `/api/v1/events/${a.event.id}/stats`, { token: b.token })).statusCode).toBe(404);
  });
});
