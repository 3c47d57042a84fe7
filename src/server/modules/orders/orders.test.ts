import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';
import { registerPaymentProvider } from '../../providers/payments/registry.js';

let h: Harness;
beforeAll(async () => {
  // A stand-in for Stripe/PayPal/PayU through the real port: the buyer is sent elsewhere to pay.
  registerPaymentProvider({
    id: 'test_redirect',
    currencies: ['PLN', 'EUR'],
    flow: 'redirect',
    start: async (p) => ({ outcome: 'redirect', paymentUrl: `https://pay.example/${p.orderId}`, providerRef: `ref_${p.orderId}` }),
  });
  h = await startHarness();
});
afterAll(async () => h?.close());

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('checkout', () => {
  it('completes a free order at once with a ticket per attendee and unguessable tokens', async () => {
    const { event, ticketType } = await buildPublishedEvent(h);
    const buyer = buildPerson({ firstName: 'Zofia', lastName: 'Nowak' });
    const companion = buildPerson({ firstName: '花子', lastName: '山田' });
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 2 }], buyer, attendees: [buyer, companion] });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.order).toMatchObject({ status: 'completed', total: { amount: 0, currency: 'PLN' }, currency: 'PLN' });
    expect(Buffer.from(body.orderToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    const view = await h.call('GET', `/api/v1/public/orders/${body.orderToken}`);
    const tickets = view.json().tickets;
    expect(tickets).toHaveLength(2);
    expect(tickets.map((t: any) => t.attendee.firstName)).toEqual(['Zofia', '花子']);
    expect(tickets[0].attendee.isBuyer).toBe(true);
    expect(tickets.every((t: any) => t.status === 'valid' && Buffer.from(t.ticketToken, 'base64url').length >= 16)).toBe(true);
    // The companion's ticket page shows only the companion.
    const ticket = await h.call('GET', `/api/v1/public/tickets/${tickets[1].ticketToken}`);
    expect(ticket.json()).toMatchObject({ status: 'valid', attendee: { firstName: '花子', email: companion.email }, event: { title: event.title } });
    expect(JSON.stringify(ticket.json())).not.toContain(buyer.email);
    expect(ticket.json().sessions).toHaveLength(1);
    expect((await h.call('GET', `/api/v1/public/tickets/${'x'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('refuses incomplete or duplicate attendees of an online event, before anything is written', async () => {
    const { event, ticketType } = await buildPublishedEvent(h);
    const buyer = buildPerson();
    const tooFew = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 2 }], buyer });
    expect(tooFew.statusCode).toBe(422);
    expect(tooFew.json().error.details.fields[0].field).toBe('attendees');
    const noEmail = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 2 }], buyer, attendees: [buyer, { firstName: 'A', lastName: 'B', email: '' }] });
    expect(noEmail.statusCode).toBe(422);
    expect(noEmail.json().error.details.fields[0].field).toBe('attendees.1.email');
    const dup = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 2 }], buyer, attendees: [buyer, { ...buildPerson(), email: buyer.email.toUpperCase() }] });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().error).toMatchObject({ code: 'duplicate_attendee_email', details: { fields: [{ field: 'attendees.1.email' }] } });
    const r = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM orders WHERE event_id = $1`, [event.id]);
    expect(r.rows[0].n).toBe(0);
    const again = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer });
    expect(again.statusCode).toBe(201);
    const second = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), attendees: [{ ...buildPerson(), email: buyer.email }] });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'duplicate_registrant', details: { fields: [{ field: 'attendees.0.email' }] } });
  });

  it('validates ticket type, slot, payment method and sale window', async () => {
    const { event, ticketType } = await buildPublishedEvent(h, { ticket: { price: { amount: 4900, currency: 'PLN' } } });
    const buyer = buildPerson();
    const unknown = await placeOrder(h, event.slug, { items: [{ ticketTypeId: 'tkt_other', quantity: 1 }], buyer, paymentMethod: 'manual' });
    expect(unknown.json().error.details.fields[0].field).toBe('items.0.ticketTypeId');
    const slot = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1, sessionId: event.sessions[0].id }], buyer, paymentMethod: 'manual' });
    expect(slot.json().error.details.fields[0].field).toBe('items.0.sessionId');
    const free = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer, paymentMethod: 'free' });
    expect(free.statusCode).toBe(422);
    expect(free.json().error.details.fields[0].field).toBe('paymentMethod');
    const stripe = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer, paymentMethod: 'stripe' });
    expect(stripe.json().error.code).toBe('invalid_payment_method');
    expect((await placeOrder(h, 'no-such-event', { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer })).statusCode).toBe(404);
    const promo = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer, paymentMethod: 'manual', promoCode: 'NOPE' });
    expect(promo.json().error.details.fields[0].field).toBe('promoCode');

    const later = await buildPublishedEvent(h, { ticket: { salesStartAt: new Date(Date.now() + 86400_000).toISOString() } });
    const notYet = await placeOrder(h, later.event.slug, { items: [{ ticketTypeId: later.ticketType.id, quantity: 1 }], buyer });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('sales_not_started');
  });

  it('charges the price at order time; a later price change leaves the order alone', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 10000, currency: 'PLN' }, discountedPrice: { amount: 7500, currency: 'PLN' } } });
    const first = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(first.json().order.total).toEqual({ amount: 7500, currency: 'PLN' });
    await h.call('PATCH', `/api/v1/events/${event.id}/ticket-types/${ticketType.id}`, { token, body: { price: { amount: 12000, currency: 'PLN' }, discountedPrice: null } });
    const second = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(second.json().order.total.amount).toBe(12000);
    const o = await h.call('GET', `/api/v1/orders/${first.json().order.id}`, { token });
    expect(o.json().total.amount).toBe(7500);
    expect(o.json().items[0].unitPrice.amount).toBe(7500);
  });

  it('records the service fee and net per order', async () => {
    const org = await buildOrganization(h);
    await h.call('PATCH', '/api/v1/organization', { token: org.token, body: { feePercent: 5 } });
    const { event, ticketType, token } = await buildPublishedEvent(h, { token: org.token, ticket: { price: { amount: 4999, currency: 'EUR' } } });
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    const o = (await h.call('GET', `/api/v1/orders/${res.json().order.id}`, { token })).json();
    expect(o.fee).toEqual({ amount: 250, currency: 'EUR' });
    expect(o.net).toEqual({ amount: 4749, currency: 'EUR' });
  });
});

describe('manual payments and organiser actions', () => {
  it('holds a manual order until the organiser confirms, with the history of who did what', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 2500, currency: 'PLN' }, capacity: 3 } });
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(res.json().order.status).toBe('on_hold');
    const ticketToken = (await h.call('GET', `/api/v1/public/orders/${res.json().orderToken}`)).json().tickets[0].ticketToken;
    expect((await h.call('GET', `/api/v1/public/tickets/${ticketToken}`)).json().status).toBe('pending');
    const list = await h.call('GET', `/api/v1/events/${event.id}/orders`, { token });
    expect(list.json().data[0]).toMatchObject({ status: 'on_hold', paymentStatus: 'unpaid' });
    const unpaid = await h.call('GET', `/api/v1/events/${event.id}/attendees`, { token });
    expect(unpaid.json().data).toHaveLength(0);
    expect((await h.call('GET', `/api/v1/events/${event.id}/attendees?includeUnpaid=true`, { token })).json().data).toHaveLength(1);
    const ok = await h.call('POST', `/api/v1/orders/${res.json().order.id}/confirm`, { token, body: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'completed', paymentStatus: 'paid' });
    expect(ok.json().transitions.map((t: any) => [t.from, t.to, t.actorType])).toEqual([
      [null, 'awaiting_payment', 'buyer'],
      ['awaiting_payment', 'on_hold', 'buyer'],
      ['on_hold', 'completed', 'member'],
    ]);
    expect((await h.call('GET', `/api/v1/public/tickets/${ticketToken}`)).json().status).toBe('valid');
    const events = await h.ctx.database.pool.query(`SELECT type FROM domain_events WHERE aggregate_id = $1 ORDER BY seq`, [res.json().order.id]);
    expect(events.rows.map((r: any) => r.type)).toEqual(['order.created', 'order.on_hold', 'order.completed']);
    // Confirming twice changes nothing.
    expect((await h.call('POST', `/api/v1/orders/${res.json().order.id}/confirm`, { token, body: {} })).statusCode).toBe(200);
    expect((await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM order_transitions WHERE order_id = $1`, [res.json().order.id])).rows[0].n).toBe(3);
  });

  it('rejects a manual order, frees its seats and emits the rejection for the e-mail', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 2500, currency: 'PLN' }, capacity: 1 } });
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    const soldOut = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(soldOut.json().error.code).toBe('sold_out');
    const rej = await h.call('POST', `/api/v1/orders/${res.json().order.id}/reject`, { token, body: { reason: 'No transfer received' } });
    expect(rej.json().status).toBe('cancelled');
    const ev = await h.ctx.database.pool.query(`SELECT payload FROM domain_events WHERE aggregate_id = $1 AND type = 'order.cancelled'`, [res.json().order.id]);
    expect(ev.rows[0].payload).toMatchObject({ rejected: true, reason: 'No transfer received' });
    const next = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(next.statusCode).toBe(201);
    expect((await h.call('POST', `/api/v1/orders/${res.json().order.id}/confirm`, { token, body: {} })).statusCode).toBe(409);
  });

  it('refunds part then all of a paid order, and cancels one attendee of many', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 3000, currency: 'PLN' }, capacity: 10 } });
    const buyer = buildPerson();
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 3 }], buyer, attendees: [buyer, buildPerson(), buildPerson()], paymentMethod: 'manual' });
    const id = res.json().order.id;
    await h.call('POST', `/api/v1/orders/${id}/confirm`, { token, body: {} });
    const partial = await h.call('POST', `/api/v1/orders/${id}/refund`, { token, body: { amount: 3000, reason: 'one seat unused' } });
    expect(partial.json()).toMatchObject({ status: 'partially_refunded', refunded: { amount: 3000 }, net: { amount: 6000 } });
    const tooMuch = await h.call('POST', `/api/v1/orders/${id}/refund`, { token, body: { amount: 6001 } });
    expect(tooMuch.statusCode).toBe(422);
    const companion = partial.json().attendees[2];
    expect((await h.call('POST', `/api/v1/attendees/${companion.id}/cancel`, { token, body: {} })).statusCode).toBe(204);
    const after = (await h.call('GET', `/api/v1/orders/${id}`, { token })).json();
    expect(after.attendees.map((a: any) => a.status)).toEqual(['active', 'active', 'cancelled']);
    expect((await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].sold).toBe(2);
    const full = await h.call('POST', `/api/v1/orders/${id}/refund`, { token, body: {} });
    expect(full.json()).toMatchObject({ status: 'refunded', paymentStatus: 'refunded', refunded: { amount: 9000 } });
    expect(full.json().refunds.map((r: any) => r.amount.amount)).toEqual([3000, 6000]);
    expect((await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].sold).toBe(0);
  });

  it('cancels an event with every order, refunding paid ones when asked', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 3000, currency: 'PLN' } } });
    const paid = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    await h.call('POST', `/api/v1/orders/${paid.json().order.id}/confirm`, { token, body: {} });
    const pending = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    const res = await h.call('POST', `/api/v1/events/${event.id}/cancel`, { token, body: { refund: true } });
    expect(res.json().status).toBe('cancelled');
    const orders = (await h.call('GET', `/api/v1/events/${event.id}/orders`, { token })).json().data;
    const byId = Object.fromEntries(orders.map((o: any) => [o.id, o.status]));
    expect(byId[paid.json().order.id]).toBe('refunded');
    expect(byId[pending.json().order.id]).toBe('cancelled');
    const after = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(after.json().error.code).toBe('event_not_on_sale');
  });
});

describe('seat holds', () => {
  it('holds seats for an unpaid order and the scheduled job releases them when the hold expires', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { event: { paymentMethods: ['test_redirect'] }, ticket: { price: { amount: 1500, currency: 'PLN' }, capacity: 1 } });
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'test_redirect' });
    expect(res.statusCode, res.body).toBe(201);
    const { order, paymentUrl } = res.json();
    expect(order.status).toBe('awaiting_payment');
    expect(paymentUrl).toBe(`https://pay.example/${order.id}`);
    const detail = (await h.call('GET', `/api/v1/orders/${order.id}`, { token })).json();
    expect(Date.parse(detail.holdExpiresAt) - Date.parse(detail.createdAt)).toBeGreaterThan(29 * 60_000);
    expect((await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'test_redirect' })).json().error.code).toBe('sold_out');
    // Time travel: the hold ran out, and the job queued at checkout comes due.
    await h.ctx.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [order.id]);
    await h.ctx.database.pool.query(`UPDATE ${h.ctx.config.JOB_SCHEMA}.job SET start_after = now() WHERE name = 'orders.expire-hold' AND singleton_key = $1`, [order.id]);
    await waitFor(async () => (await h.call('GET', `/api/v1/orders/${order.id}`, { token })).json().status === 'expired');
    const after = (await h.call('GET', `/api/v1/orders/${order.id}`, { token })).json();
    expect(after.transitions.at(-1)).toMatchObject({ from: 'awaiting_payment', to: 'expired', actorType: 'system' });
    expect((await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'test_redirect' })).statusCode).toBe(201);
  });
});
