import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/api.js';
import { buildEvent, buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';
import { startPayUEmulator, type PayUEmulator } from '../emulators/payu/payu-emulator.js';
import { expireHoldNow, orderDetail, paymentRef, startListeningHarness, waitFor, waitForStatus } from '../helpers/payments.js';

let h: Harness;
let emu: PayUEmulator;

beforeAll(async () => {
  emu = await startPayUEmulator({ autoFinalizeRefunds: false });
  h = (await startListeningHarness({ PAYU_API_URL: emu.url })).h;
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

async function payuEvent(price = { amount: 12345, currency: 'PLN' }, capacity?: number) {
  const org = await buildOrganization(h);
  const res = await h.call('PUT', '/api/v1/integrations/payu', { token: org.token, body: { posId: emu.posId, clientSecret: emu.clientSecret, secondKey: emu.secondKey } });
  expect(res.statusCode, res.body).toBe(200);
  return buildPublishedEvent(h, { token: org.token, event: { paymentMethods: ['payu', 'manual'] }, ticket: { price, ...(capacity ? { capacity } : {}) } });
}

async function buy(ev: Awaited<ReturnType<typeof payuEvent>>) {
  const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'payu' });
  expect(res.statusCode, res.body).toBe(201);
  const out = res.json();
  return { ...out, payuOrderId: (await paymentRef(h, out.order.id)).ref };
}

const lastNotification = (orderId: string, status: string) => emu.notifications(orderId).filter((n) => n.status === status).at(-1)!;

describe('PayU', () => {
  it('wrong client secret → clear 422; secrets never echoed', async () => {
    const org = await buildOrganization(h);
    const bad = await h.call('PUT', '/api/v1/integrations/payu', { token: org.token, body: { posId: emu.posId, clientSecret: 'nope-nope', secondKey: emu.secondKey } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('provider_credentials_invalid');
    const ok = await h.call('PUT', '/api/v1/integrations/payu', { token: org.token, body: { posId: emu.posId, clientSecret: emu.clientSecret, secondKey: emu.secondKey } });
    expect(ok.statusCode).toBe(200);
    const list = (await h.call('GET', '/api/v1/integrations', { token: org.token })).body;
    expect(list).not.toContain(emu.clientSecret);
    expect(list).not.toContain(emu.secondKey);
    const row = (await h.ctx.database.pool.query(`SELECT config, secret FROM credentials WHERE organization_id = $1 AND provider = 'payu'`, [org.organization.id])).rows[0];
    expect(`${row.config}${row.secret}`).not.toContain(emu.clientSecret);
    expect(`${row.config}${row.secret}`).not.toContain(emu.secondKey);
    expect(JSON.parse(row.config)).toEqual({ posId: emu.posId });
    // A POS id that is not a number is named before PayU is asked.
    const pos = await h.call('PUT', '/api/v1/integrations/payu', { token: org.token, body: { posId: 'shop-1', clientSecret: emu.clientSecret, secondKey: emu.secondKey } });
    expect(pos.statusCode).toBe(422);
    expect(pos.json().error.message).toMatch(/posId/);
  });

  it('an abandoned checkout expires, frees the seat and cancels the PayU order; its CANCELED notification changes nothing', async () => {
    const ev = await payuEvent(undefined, 1);
    const o = await buy(ev);
    await expireHoldNow(h, o.order.id);
    const payuOrder = await waitFor(async () => emu.state.orders.get(o.payuOrderId)!, (x) => x.status === 'CANCELED');
    expect(payuOrder.status).toBe('CANCELED');
    await waitFor(async () => emu.notifications(o.payuOrderId).filter((n) => n.status === 'CANCELED').length, (n) => n > 0);
    await emu.redeliver(lastNotification(o.payuOrderId, 'CANCELED').ref);
    const d = await orderDetail(h, ev.token, o.order.id);
    expect(d.status).toBe('expired');
    expect(d.transitions.map((t: { to: string }) => t.to)).toEqual(['awaiting_payment', 'expired']);
    expect((await buy(ev)).order.status).toBe('awaiting_payment');
  });

  it('late payment: honoured while seats remain; refunded through PayU when the seat was sold meanwhile', async () => {
    const roomy = await payuEvent(undefined, 2);
    const a = await buy(roomy);
    emu.pauseNotifications();
    await emu.payOrder(a.payuOrderId).catch(() => undefined);
    await expireHoldNow(h, a.order.id); // the cancel call finds the PayU order paid already and changes nothing
    await emu.flushNotifications();
    const honoured = await waitForStatus(h, roomy.token, a.order.id, 'completed');
    expect(honoured.transitions.map((t: { to: string }) => t.to)).toEqual(['awaiting_payment', 'expired', 'completed']);
    expect(emu.state.orders.get(a.payuOrderId)!.status).toBe('COMPLETED');

    const full = await payuEvent(undefined, 1);
    const b = await buy(full);
    emu.pauseNotifications();
    await emu.payOrder(b.payuOrderId).catch(() => undefined);
    await expireHoldNow(h, b.order.id);
    const other = await placeOrder(h, full.event.slug, { items: [{ ticketTypeId: full.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(other.statusCode, other.body).toBe(201);
    await emu.flushNotifications();
    const refunded = await waitForStatus(h, full.token, b.order.id, 'refunded');
    expect(refunded.refunds[0]).toMatchObject({ amount: { amount: 12345, currency: 'PLN' }, status: 'pending' });
    const refund = await waitFor(async () => [...emu.state.refunds.values()].find((r) => r.__orderId === b.payuOrderId || r.orderId === b.payuOrderId), (r) => !!r);
    await emu.finalizeRefund(refund!.refundId);
    expect((await orderDetail(h, full.token, b.order.id)).refunds[0].status).toBe('succeeded');
  });

  it('auto-receive off: a WAITING_FOR_CONFIRMATION payment is accepted server-side for a live order, never for an expired one', async () => {
    emu.setAutoReceive(false);
    try {
      const ev = await payuEvent();
      const o = await buy(ev);
      await emu.payOrder(o.payuOrderId);
      await waitForStatus(h, ev.token, o.order.id, 'completed');
      expect(emu.state.orders.get(o.payuOrderId)!.status).toBe('COMPLETED');
      expect(emu.state.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v2_1/orders/${o.payuOrderId}/status`)).toHaveLength(1);

      const late = await buy(ev);
      emu.pauseNotifications();
      await emu.payOrder(late.payuOrderId).catch(() => undefined);
      await expireHoldNow(h, late.order.id);
      await waitFor(async () => emu.state.orders.get(late.payuOrderId)!.status, (st) => st === 'CANCELED'); // the buyer's money is released
      await emu.flushNotifications();
      expect((await orderDetail(h, ev.token, late.order.id)).status).toBe('expired');
      expect(emu.state.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v2_1/orders/${late.payuOrderId}/status`)).toHaveLength(0);
    } finally {
      emu.setAutoReceive(true);
    }
  });

  it('cancelling the event with refund refunds PayU orders through the API', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    await emu.payOrder(o.payuOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const res = await h.call('POST', `/api/v1/events/${ev.event.id}/cancel`, { token: ev.token, body: { refund: true } });
    expect(res.statusCode, res.body).toBe(200);
    await waitForStatus(h, ev.token, o.order.id, 'refunded');
    const refund = await waitFor(async () => [...emu.state.refunds.values()].find((r) => r.__orderId === o.payuOrderId || r.orderId === o.payuOrderId), (r) => !!r);
    expect(refund).toMatchObject({ amount: '12345', currencyCode: 'PLN', extRefundId: (await orderDetail(h, ev.token, o.order.id)).refunds[0].id });
    await emu.finalizeRefund(refund!.refundId);
    expect((await orderDetail(h, ev.token, o.order.id)).refunds[0].status).toBe('succeeded');
  });

  it('302 create answer is not followed; COMPLETED notification (signed with the second key) completes; duplicates and out-of-order ones change nothing', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    expect(o.paymentUrl).toContain(emu.url);
    expect(emu.state.orders.get(o.payuOrderId)).toMatchObject({ totalAmount: '12345', currencyCode: 'PLN', extOrderId: o.order.id });
    // The buyer's address (behind a proxy: X-Forwarded-For) goes to PayU as customerIp.
    const proxied = await h.call('POST', `/api/v1/public/events/${ev.event.slug}/orders`, { body: { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'payu' }, headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(proxied.statusCode, proxied.body).toBe(201);
    expect(emu.state.orders.get((await paymentRef(h, proxied.json().order.id)).ref)!.customerIp).toBe('203.0.113.7');
    emu.pauseNotifications();
    await emu.startPayment(o.payuOrderId).catch(() => undefined);
    await emu.payOrder(o.payuOrderId).catch(() => undefined);
    await emu.flushNotifications({ reverse: true }); // COMPLETED arrives before PENDING
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    const n = d.transitions.length;
    await emu.redeliver(lastNotification(o.payuOrderId, 'COMPLETED').ref);
    await emu.redeliver(lastNotification(o.payuOrderId, 'PENDING').ref);
    expect((await orderDetail(h, ev.token, o.order.id)).transitions.length).toBe(n);
  });

  it('forged, tampered and unsigned notifications are rejected', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    emu.pauseNotifications();
    await emu.payOrder(o.payuOrderId).catch(() => undefined);
    const body = lastNotification(o.payuOrderId, 'COMPLETED').body;
    const post = (payload: string, signature?: string) =>
      h.call('POST', '/webhooks/payu', { body: payload, headers: { 'content-type': 'application/json', ...(signature ? { 'openpayu-signature': signature } : {}) } });
    const forged = `sender=checkout;signature=${'0'.repeat(32)};algorithm=MD5;content=DOCUMENT`;
    const tampered = body.replace('"totalAmount":"12345"', '"totalAmount":"1"');
    expect(tampered).not.toBe(body);
    for (const d of [await post(body, forged), await post(tampered, emu.sign(body)), await post(body)]) expect(d.statusCode).toBe(400);
    expect((await post(body, emu.sign(body).replace('MD5', 'SHA-256'))).statusCode).toBe(400);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');
    // The explicit server-side check asks PayU and completes the order.
    expect((await h.call('POST', `/api/v1/public/orders/${o.orderToken}/refresh`)).statusCode).toBe(204);
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    await emu.flushNotifications(); // the genuine, now late, notification changes nothing
    expect((await orderDetail(h, ev.token, o.order.id)).transitions.length).toBe(d.transitions.length);
  });

  it('a correctly signed notification for another amount never completes the order, and does not shadow the genuine one', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    emu.pauseNotifications();
    await emu.payOrder(o.payuOrderId).catch(() => undefined);
    const body = lastNotification(o.payuOrderId, 'COMPLETED').body;
    const otherAmount = body.replace('"totalAmount":"12345"', '"totalAmount":"100"');
    expect(otherAmount).not.toBe(body);
    const res = await h.call('POST', '/webhooks/payu', { body: otherAmount, headers: { 'content-type': 'application/json', 'openpayu-signature': emu.sign(otherAmount) } });
    expect(res.json()).toMatchObject({ result: 'mismatch' });
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');
    await emu.flushNotifications();
    await waitForStatus(h, ev.token, o.order.id, 'completed');
  });

  it('a cancelled payment fails the order', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    await emu.cancelOrder(o.payuOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'failed');
  });

  it('partial refund stays pending until PayU finalises it by notification; then a full one', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    await emu.payOrder(o.payuOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const part = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount: 2345 } });
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ status: 'partially_refunded', refunded: { amount: 2345 } });
    expect(part.json().refunds[0].status).toBe('pending');
    const refund = [...emu.state.refunds.values()].find((r) => r.__orderId === o.payuOrderId || r.orderId === o.payuOrderId)!;
    await emu.finalizeRefund(refund.refundId);
    const d = await orderDetail(h, ev.token, o.order.id);
    expect(d.refunds[0].status).toBe('succeeded');
    const rest = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ status: 'refunded', refunded: { amount: 12345 } });
  });

  it('a refund PayU cancels later is recorded as failed (refund.failed), gives the amount back and can be retried', async () => {
    const ev = await payuEvent();
    const o = await buy(ev);
    await emu.payOrder(o.payuOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const first = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(first.json()).toMatchObject({ status: 'refunded', refunded: { amount: 12345 } });
    const payuRefund = [...emu.state.refunds.values()].find((r) => r.__orderId === o.payuOrderId)!;
    await emu.cancelRefund(payuRefund.refundId);
    const failed = await waitFor(() => orderDetail(h, ev.token, o.order.id), (d) => d.refunds[0].status === 'failed');
    expect(failed).toMatchObject({ status: 'refunded', refunded: { amount: 0 } });
    const events = await h.ctx.database.pool.query(`SELECT payload FROM domain_events WHERE aggregate_id = $1 AND type = 'refund.failed'`, [o.order.id]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].payload).toMatchObject({ refundId: failed.refunds[0].id, amount: 12345, currency: 'PLN', actor: { type: 'provider', id: 'payu' } });
    // The cancelled notification again (PayU retries) changes nothing more.
    await emu.redeliver(emu.notifications(o.payuOrderId).filter((n) => n.kind === 'refund').at(-1)!.ref);
    expect((await h.ctx.database.pool.query(`SELECT 1 FROM domain_events WHERE aggregate_id = $1 AND type = 'refund.failed'`, [o.order.id])).rowCount).toBe(1);

    expect((await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount: 100 } })).statusCode).toBe(422);
    const retry = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'refunded', refunded: { amount: 12345 } });
    const second = [...emu.state.refunds.values()].find((r) => r.__orderId === o.payuOrderId && r.refundId !== payuRefund.refundId)!;
    await emu.finalizeRefund(second.refundId);
    expect((await orderDetail(h, ev.token, o.order.id)).refunds.map((r: { status: string }) => r.status)).toEqual(['failed', 'succeeded']);
  });

  it('PayU takes PLN only: a paid EUR ticket cannot be sold through it', async () => {
    const ev = await payuEvent();
    const event = await buildEvent(h, ev.token, { paymentMethods: ['payu'] });
    const res = await h.call('POST', `/api/v1/events/${event.id}/ticket-types`, { token: ev.token, body: { name: 'Seat', price: { amount: 5000, currency: 'EUR' } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'currency_not_supported', details: { fields: [{ field: 'price.currency' }] } });
    // Changing the PLN price of a PayU event to EUR is refused the same way.
    const patch = await h.call('PATCH', `/api/v1/events/${ev.event.id}/ticket-types/${ev.ticketType.id}`, { token: ev.token, body: { price: { amount: 5000, currency: 'EUR' } } });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.code).toBe('currency_not_supported');
  });
});
