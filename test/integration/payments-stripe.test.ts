import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/api.js';
import { buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';
import { startStripeEmulator, type StripeEmulator } from '../emulators/stripe/stripe-emulator.js';
import { expireHoldNow, orderDetail, paymentRef, startListeningHarness, waitFor, waitForStatus } from '../helpers/payments.js';

const WHSEC = 'whsec_foyer_stripe_test';
let h: Harness;
let emu: StripeEmulator;
let hookUrl: string;

beforeAll(async () => {
  emu = await startStripeEmulator({
    webhookSecret: WHSEC,
    restrictedKeys: {
      rk_test_seller: { checkout_sessions: 'write', products: 'write', prices: 'write', refunds: 'write', payment_intents: 'read' },
      rk_test_no_refunds: { checkout_sessions: 'write', products: 'write', prices: 'write' },
      rk_test_no_checkout: { products: 'write', prices: 'write' },
    },
  });
  const started = await startListeningHarness({ STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(emu.port), STRIPE_API_PROTOCOL: 'http' });
  h = started.h;
  hookUrl = `${started.url}/webhooks/stripe`;
  emu.setWebhookUrl(hookUrl);
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

async function stripeOrg(key = 'rk_test_seller') {
  const org = await buildOrganization(h);
  const res = await h.call('PUT', '/api/v1/integrations/stripe', { token: org.token, body: { secretKey: key, webhookSecret: WHSEC } });
  expect(res.statusCode, res.body).toBe(200);
  return org;
}

async function stripeEvent(opts: { key?: string; price?: { amount: number; currency: string }; capacity?: number } = {}) {
  const org = await stripeOrg(opts.key);
  return buildPublishedEvent(h, {
    token: org.token,
    event: { paymentMethods: ['stripe', 'manual'] },
    ticket: { price: opts.price ?? { amount: 5000, currency: 'EUR' }, ...(opts.capacity ? { capacity: opts.capacity } : {}) },
  });
}

async function buy(ev: Awaited<ReturnType<typeof stripeEvent>>, extra: Record<string, unknown> = {}) {
  const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'stripe', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  const out = res.json();
  const { ref } = await paymentRef(h, out.order.id);
  return { ...out, sessionId: ref as string };
}

const notifications = async (orderId: string) =>
  (await h.ctx.database.pool.query(`SELECT event_id FROM payment_notifications WHERE order_id = $1`, [orderId])).rowCount;
const transitions = async (token: string, orderId: string) => (await orderDetail(h, token, orderId)).transitions.length;

describe('Stripe credentials', () => {
  it('rejects a wrong key and a key without Checkout permission with a clear 422; stores and masks a good one', async () => {
    const org = await buildOrganization(h);
    const wrong = await h.call('PUT', '/api/v1/integrations/stripe', { token: org.token, body: { secretKey: 'sk_test_not_a_real_key', webhookSecret: WHSEC } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('provider_credentials_invalid');
    const weak = await h.call('PUT', '/api/v1/integrations/stripe', { token: org.token, body: { secretKey: 'rk_test_no_checkout', webhookSecret: WHSEC } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('provider_permission_missing');
    expect(weak.json().error.message).toMatch(/Checkout Sessions/);

    // Not connected → the event cannot offer Stripe.
    const ev = await h.call('POST', '/api/v1/events', { token: org.token, body: { title: 'No stripe', timeZone: 'UTC', format: 'online', kind: 'single', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z', paymentMethods: ['stripe'] } });
    expect(ev.statusCode).toBe(422);

    const ok = await h.call('PUT', '/api/v1/integrations/stripe', { token: org.token, body: { secretKey: 'sk_test_emulator', webhookSecret: WHSEC } });
    expect(ok.statusCode, ok.body).toBe(200);
    const list = await h.call('GET', '/api/v1/integrations', { token: org.token });
    expect(list.body).not.toContain('sk_test_emulator');
    expect(list.body).not.toContain(WHSEC);
    expect(list.json().data[0]).toMatchObject({ provider: 'stripe', configured: true, settings: { secretKey: '••••ator' } });
    expect(ok.body).not.toContain('sk_test_emulator');
    const row = (await h.ctx.database.pool.query(`SELECT config, secret FROM credentials WHERE organization_id = $1 AND provider = 'stripe'`, [org.organization.id])).rows[0];
    expect(`${row.config}${row.secret}`).not.toContain('sk_test_emulator');
    expect(`${row.config}${row.secret}`).not.toContain(WHSEC);
  });
});

describe('Stripe checkout', () => {
  it('completes only from the verified webhook; duplicate and replayed deliveries change nothing', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    expect(o.order.status).toBe('awaiting_payment');
    expect(o.paymentUrl).toContain('/c/pay/');
    const session = emu.state.sessions.get(o.sessionId)!;
    expect(session.amount_total).toBe(5000);
    expect(session.client_reference_id).toBe(o.order.id);
    const ja = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'stripe', locale: 'ja' });
    expect(emu.state.sessions.get((await paymentRef(h, ja.json().order.id)).ref)!.locale).toBe('ja');
    expect(emu.state.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST' && r.status === 200)?.idempotencyKey).toBe(`foyer-checkout-${o.order.id}`);

    // The browser's return alone does nothing: the order page refresh asks Stripe, still unpaid.
    expect((await h.call('POST', `/api/v1/public/orders/${o.orderToken}/refresh`)).statusCode).toBe(204);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');

    await emu.completeSession(o.sessionId);
    const done = await waitForStatus(h, ev.token, o.order.id, 'completed');
    expect(done.transitions.at(-1)).toMatchObject({ to: 'completed', actorType: 'provider' });
    const n = await transitions(ev.token, o.order.id);
    const event = emu.events('checkout.session.completed').find((e) => e.data.object.id === o.sessionId)!;
    const replay = await emu.replay(event.id);
    expect(replay.status).toBe(200);
    await emu.redeliver(event.id);
    expect(await transitions(ev.token, o.order.id)).toBe(n);
    expect(await notifications(o.order.id)).toBe(1);
  });

  it('the webhook racing the buyer\'s status checks completes the order exactly once', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    emu.pauseWebhooks();
    await emu.completeSession(o.sessionId).catch(() => undefined);
    const [, ...checks] = await Promise.all([
      emu.flushWebhooks(),
      ...Array.from({ length: 4 }, () => h.call('POST', `/api/v1/public/orders/${o.orderToken}/refresh`)),
    ]);
    expect(checks.map((c) => c.statusCode)).toEqual([204, 204, 204, 204]);
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    expect(d.transitions.filter((t: { to: string }) => t.to === 'completed')).toHaveLength(1);
    const completedEvents = await h.ctx.database.pool.query(`SELECT 1 FROM domain_events WHERE aggregate_id = $1 AND type = 'order.completed'`, [o.order.id]);
    expect(completedEvents.rowCount).toBe(1);
  });

  it('forged, stale, tampered and unsigned notifications are rejected and change nothing', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    emu.setWebhookUrl(undefined); // the genuine delivery is held back
    await emu.completeSession(o.sessionId);
    emu.setWebhookUrl(hookUrl);
    const event = emu.events('checkout.session.completed').find((e) => e.data.object.id === o.sessionId)!;
    for (const d of [await emu.deliverForged(event.id), await emu.deliverStale(event.id), await emu.deliverTampered(event.id), await emu.deliverUnsigned(event.id)]) {
      expect(d.status).toBe(400);
    }
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');
    expect(await notifications(o.order.id)).toBe(0);
    await emu.redeliver(event.id);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
  });

  it('a notification signed with another organisation\'s endpoint secret cannot touch this organisation\'s order', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    const other = await buildOrganization(h);
    expect((await h.call('PUT', '/api/v1/integrations/stripe', { token: other.token, body: { secretKey: 'sk_test_emulator', webhookSecret: 'whsec_someone_else' } })).statusCode).toBe(200);
    const payload = JSON.stringify({
      id: 'evt_cross_tenant', object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, type: 'checkout.session.completed',
      data: { object: { id: o.sessionId, object: 'checkout.session', client_reference_id: o.order.id, metadata: { foyer_order_id: o.order.id }, status: 'complete', payment_status: 'paid', amount_total: 5000, currency: 'eur', payment_intent: 'pi_cross' } },
    });
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    const res = await h.call('POST', '/webhooks/stripe', { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
    expect(res.statusCode).toBe(400);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');
    expect(await notifications(o.order.id)).toBe(0);
    // Control: the very same event signed with this organisation's own secret is accepted.
    const own = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: WHSEC });
    expect((await h.call('POST', '/webhooks/stripe', { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': own } })).statusCode).toBe(200);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
  });

  it('out-of-order delivery: async success before the unpaid completion still ends completed', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    emu.pauseWebhooks();
    await emu.completeSession(o.sessionId, { delayed: true }).catch(() => undefined);
    await emu.settleAsyncPayment(o.sessionId, 'succeeded').catch(() => undefined);
    await emu.flushWebhooks({ reverse: true });
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    expect(d.transitions.filter((t: { to: string }) => t.to === 'completed')).toHaveLength(1);
  });

  it('a declined payment fails the order and frees the seat', async () => {
    const ev = await stripeEvent({ capacity: 1 });
    const o = await buy(ev);
    await emu.declineSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'failed');
    const again = await buy(ev);
    expect(again.order.status).toBe('awaiting_payment');
  });

  it('an abandoned checkout expires, releases the seat and expires the Stripe session', async () => {
    const ev = await stripeEvent({ capacity: 1 });
    const o = await buy(ev);
    await expireHoldNow(h, o.order.id);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('expired');
    const s = await waitFor(async () => emu.state.sessions.get(o.sessionId)!, (x) => x.status === 'expired');
    expect(s.status).toBe('expired');
    expect((await buy(ev)).order.status).toBe('awaiting_payment');
  });

  it('late payment with seats left is honoured (seats re-reserved)', async () => {
    const ev = await stripeEvent({ capacity: 2 });
    const o = await buy(ev);
    emu.pauseWebhooks();
    await emu.completeSession(o.sessionId).catch(() => undefined);
    await expireHoldNow(h, o.order.id);
    await emu.flushWebhooks();
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    expect(d.attendees.every((a: { status: string }) => a.status === 'active')).toBe(true);
    expect(d.transitions.map((t: { to: string }) => t.to)).toEqual(['awaiting_payment', 'expired', 'completed']);
    const tt = await h.ctx.database.pool.query(`SELECT reserved FROM ticket_types WHERE id = $1`, [ev.ticketType.id]);
    expect(tt.rows[0].reserved).toBe(1);
  });

  it('late payment when the seat was sold meanwhile is refunded automatically through Stripe', async () => {
    const ev = await stripeEvent({ capacity: 1 });
    const o = await buy(ev);
    emu.pauseWebhooks();
    await emu.completeSession(o.sessionId).catch(() => undefined);
    await expireHoldNow(h, o.order.id);
    const other = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(other.statusCode, other.body).toBe(201);
    await emu.flushWebhooks();
    const d = await waitForStatus(h, ev.token, o.order.id, 'refunded');
    expect(d.refunds).toHaveLength(1);
    expect(d.refunds[0]).toMatchObject({ amount: { amount: 5000, currency: 'EUR' }, status: 'succeeded' });
    const pi = (await paymentRef(h, o.order.id)).capture!;
    expect([...emu.state.refunds.values()].filter((r) => r.payment_intent === pi)).toHaveLength(1);
  });

  it('late payment whose promo code was used up meanwhile is refunded, so maxUses is never exceeded', async () => {
    const ev = await stripeEvent({ capacity: 5 });
    await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'ONLYONE', percentOff: 10, maxUses: 1 } });
    const o = await buy(ev, { promoCode: 'ONLYONE' });
    emu.pauseWebhooks();
    await emu.completeSession(o.sessionId).catch(() => undefined);
    await expireHoldNow(h, o.order.id); // the use is given back
    const other = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual', promoCode: 'ONLYONE' });
    expect(other.statusCode, other.body).toBe(201);
    await emu.flushWebhooks();
    const d = await waitForStatus(h, ev.token, o.order.id, 'refunded');
    expect(d.refunds[0]).toMatchObject({ amount: { amount: 4500 }, status: 'succeeded' });
    const codes = (await h.call('GET', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token })).json().data;
    expect(codes[0]).toMatchObject({ usedCount: 1, remainingUses: 0 });
  });

  it('partial then full refund through Stripe; order.refunded events; a key without refunds gives a 422', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    await emu.completeSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const part = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount: 1500 } });
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ status: 'partially_refunded', refunded: { amount: 1500 } });
    expect(part.json().refunds[0].status).toBe('succeeded');
    const tooMuch = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount: 999999 } });
    expect(tooMuch.statusCode).toBe(422);
    const rest = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ status: 'refunded', refunded: { amount: 5000 } });
    const pi = (await paymentRef(h, o.order.id)).capture!;
    expect([...emu.state.refunds.values()].filter((r) => r.payment_intent === pi).map((r) => r.amount).sort()).toEqual([1500, 3500]);
    const types = (await h.ctx.database.pool.query(`SELECT type FROM domain_events WHERE aggregate_id = $1 ORDER BY created_at`, [o.order.id])).rows.map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['order.partially_refunded', 'order.refunded']));

    const weak = await stripeEvent({ key: 'rk_test_no_refunds' });
    const w = await buy(weak);
    await emu.completeSession(w.sessionId);
    await waitForStatus(h, weak.token, w.order.id, 'completed');
    const refused = await h.call('POST', `/api/v1/orders/${w.order.id}/refund`, { token: weak.token, body: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/Refunds/);
    const after = await orderDetail(h, weak.token, w.order.id);
    expect(after).toMatchObject({ status: 'completed', refunded: { amount: 0 } });
    expect(after.refunds[0].status).toBe('failed');
  });

  it('event cancel with refund and a key without Refunds permission: refund.failed is recorded; after a better key the refund is retried', async () => {
    const ev = await stripeEvent({ key: 'rk_test_no_refunds' });
    const o = await buy(ev);
    await emu.completeSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    expect((await h.call('POST', `/api/v1/events/${ev.event.id}/cancel`, { token: ev.token, body: { refund: true } })).statusCode).toBe(200);
    const d = await waitFor(() => orderDetail(h, ev.token, o.order.id), (x) => x.refunds[0]?.status === 'failed');
    expect(d).toMatchObject({ status: 'cancelled', refunded: { amount: 0 } });
    const failed = await h.ctx.database.pool.query(`SELECT payload FROM domain_events WHERE aggregate_id = $1 AND type = 'refund.failed'`, [o.order.id]);
    expect(failed.rows[0].payload).toMatchObject({ amount: 5000, currency: 'EUR', actor: { type: 'provider', id: 'stripe' } });
    expect(failed.rows[0].payload.reason).toMatch(/Refunds/);

    expect((await h.call('PUT', '/api/v1/integrations/stripe', { token: ev.token, body: { secretKey: 'rk_test_seller', webhookSecret: WHSEC } })).statusCode).toBe(200);
    const retry = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'refunded', refunded: { amount: 5000 } });
    expect(retry.json().refunds.map((r: { status: string }) => r.status)).toEqual(['failed', 'succeeded']);
  });

  it('the event attendee list shows every participant with the payment status of their order', async () => {
    const ev = await stripeEvent();
    const paid = await buy(ev);
    await emu.completeSession(paid.sessionId);
    await waitForStatus(h, ev.token, paid.order.id, 'completed');
    const unpaid = await buy(ev);
    const manual = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    const list = await h.call('GET', `/api/v1/events/${ev.event.id}/attendees?includeUnpaid=true`, { token: ev.token });
    expect(list.statusCode, list.body).toBe(200);
    const byOrder = Object.fromEntries(list.json().data.map((a: { orderId: string }) => [a.orderId, a]));
    expect(byOrder[paid.order.id]).toMatchObject({ orderStatus: 'completed', paymentStatus: 'paid', paymentMethod: 'stripe' });
    expect(byOrder[unpaid.order.id]).toMatchObject({ orderStatus: 'awaiting_payment', paymentStatus: 'unpaid', paymentMethod: 'stripe' });
    expect(byOrder[manual.json().order.id]).toMatchObject({ orderStatus: 'on_hold', paymentStatus: 'unpaid', paymentMethod: 'manual' });
  });

  it('pending refunds settle by refund.updated; a failed one emits refund.failed once, gives the amount back and can be retried', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    await emu.completeSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    emu.setRefundInitialStatus('pending');
    try {
      const part = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount: 2000 } });
      expect(part.json()).toMatchObject({ status: 'partially_refunded', refunded: { amount: 2000 } });
      expect(part.json().refunds[0].status).toBe('pending');
      const pi = (await paymentRef(h, o.order.id)).capture!;
      const first = [...emu.state.refunds.values()].find((r) => r.payment_intent === pi)!;
      await emu.settleRefund(first.id, 'succeeded');
      expect((await orderDetail(h, ev.token, o.order.id)).refunds[0].status).toBe('succeeded');

      const rest = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
      expect(rest.json()).toMatchObject({ status: 'refunded', refunded: { amount: 5000 } });
      const second = [...emu.state.refunds.values()].find((r) => r.payment_intent === pi && r.id !== first.id)!;
      await emu.settleRefund(second.id, 'failed'); // refund.failed and refund.updated
      const d = await orderDetail(h, ev.token, o.order.id);
      expect(d).toMatchObject({ status: 'refunded', refunded: { amount: 2000 } });
      expect(d.refunds.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'failed']);
      expect((await h.ctx.database.pool.query(`SELECT 1 FROM domain_events WHERE aggregate_id = $1 AND type = 'refund.failed'`, [o.order.id])).rowCount).toBe(1);
    } finally {
      emu.setRefundInitialStatus('succeeded');
    }
    const retry = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'refunded', refunded: { amount: 5000 } });
    expect(retry.json().refunds.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
  });

  it('concurrent refunds never return more than was paid', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    await emu.completeSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const results = await Promise.all([3000, 3000, 3000].map((amount) => h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422, 422]);
    const pi = (await paymentRef(h, o.order.id)).capture!;
    expect([...emu.state.refunds.values()].filter((r) => r.payment_intent === pi).map((r) => r.amount)).toEqual([3000]);
    expect((await orderDetail(h, ev.token, o.order.id)).refunded).toEqual({ amount: 3000, currency: 'EUR' });
  });

  it('a delayed payment that fails ends the order failed; a session Stripe expires ends it expired; both free the seat', async () => {
    const ev = await stripeEvent({ capacity: 1 });
    const o = await buy(ev);
    await emu.completeSession(o.sessionId, { delayed: true });
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment'); // complete but unpaid: not yet
    await emu.settleAsyncPayment(o.sessionId, 'failed');
    await waitForStatus(h, ev.token, o.order.id, 'failed');
    const next = await buy(ev);
    await emu.expireSession(next.sessionId);
    await waitForStatus(h, ev.token, next.order.id, 'expired');
    expect((await buy(ev)).order.status).toBe('awaiting_payment');
  });

  it('a dispute puts the order on hold for Confirm/Reject', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    await emu.completeSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    await emu.createDispute((await paymentRef(h, o.order.id)).capture!);
    await waitForStatus(h, ev.token, o.order.id, 'on_hold');
    const c = await h.call('POST', `/api/v1/orders/${o.order.id}/confirm`, { token: ev.token, body: {} });
    expect(c.json().status).toBe('completed');
  });

  it('cancelling the event with refund refunds Stripe orders through the API', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    await emu.completeSession(o.sessionId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const res = await h.call('POST', `/api/v1/events/${ev.event.id}/cancel`, { token: ev.token, body: { refund: true } });
    expect(res.statusCode, res.body).toBe(200);
    const d = await waitForStatus(h, ev.token, o.order.id, 'refunded');
    expect(d.refunds[0].status).toBe('succeeded');
  });

  it('a price change while a checkout is open: that order pays and completes at its own price, new orders at the new one', async () => {
    const ev = await stripeEvent();
    const o = await buy(ev);
    const patch = await h.call('PATCH', `/api/v1/events/${ev.event.id}/ticket-types/${ev.ticketType.id}`, { token: ev.token, body: { price: { amount: 6500, currency: 'EUR' } } });
    expect(patch.statusCode, patch.body).toBe(200);
    await emu.completeSession(o.sessionId);
    expect(await waitForStatus(h, ev.token, o.order.id, 'completed')).toMatchObject({ total: { amount: 5000 }, items: [{ unitPrice: { amount: 5000 } }] });
    const later = await buy(ev);
    expect(later.order.total).toEqual({ amount: 6500, currency: 'EUR' });
    expect(emu.state.sessions.get(later.sessionId)!.amount_total).toBe(6500);
  });

  it('JPY is zero-decimal: ¥5000 is sent as 5000', async () => {
    const ev = await stripeEvent({ price: { amount: 5000, currency: 'JPY' } });
    const o = await buy(ev);
    const s = emu.state.sessions.get(o.sessionId)!;
    expect(s).toMatchObject({ amount_total: 5000, currency: 'jpy' });
  });

  it('HUF goes in hundredths but whole forints: a discounted amount is rounded up to a whole forint', async () => {
    const ev = await stripeEvent({ price: { amount: 100000, currency: 'HUF' } });
    await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'ODD', amountOff: { amount: 12345, currency: 'HUF' } } });
    const o = await buy(ev, { promoCode: 'ODD' });
    expect(o.order.total).toEqual({ amount: 87700, currency: 'HUF' });
    expect(emu.state.sessions.get(o.sessionId)!).toMatchObject({ amount_total: 87700, currency: 'huf' });
  });

  it('a price below Stripe\'s minimum charge is refused at checkout, naming the minimum, before any order exists', async () => {
    const ev = await stripeEvent({ price: { amount: 100, currency: 'PLN' } });
    const before = (await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM orders WHERE event_id = $1`, [ev.event.id])).rows[0].n;
    const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'stripe' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'amount_below_provider_minimum' });
    expect(res.json().error.message).toMatch(/2\.00 PLN/);
    expect((await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM orders WHERE event_id = $1`, [ev.event.id])).rows[0].n).toBe(before);
    // Two tickets make 2.00 PLN, which Stripe takes.
    const two = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 2 }], buyer: buildPerson(), attendees: [buildPerson(), buildPerson()], paymentMethod: 'stripe' });
    expect(two.statusCode, two.body).toBe(201);
    expect(two.json().order.total).toEqual({ amount: 200, currency: 'PLN' });
  });

  it('a promo code below the minimum charge is rounded up to it; 100 % needs no payment', async () => {
    const ev = await stripeEvent({ price: { amount: 1000, currency: 'EUR' } });
    await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'ALMOST', percentOff: 99 } });
    await h.call('POST', `/api/v1/events/${ev.event.id}/promo-codes`, { token: ev.token, body: { code: 'FREE', percentOff: 100 } });
    const o = await buy(ev, { promoCode: 'almost' });
    expect(o.order.total).toEqual({ amount: 50, currency: 'EUR' });
    expect(emu.state.sessions.get(o.sessionId)!.amount_total).toBe(50);
    expect((await orderDetail(h, ev.token, o.order.id)).discount).toEqual({ amount: 950, currency: 'EUR' });
    const free = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'stripe', promoCode: 'FREE' });
    expect(free.statusCode, free.body).toBe(201);
    expect(free.json()).toMatchObject({ order: { status: 'completed', total: { amount: 0 } } });
    expect(free.json().paymentUrl ?? null).toBeNull();
  });
});
