import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/api.js';
import { buildEvent, buildOrganization, buildPerson, buildPublishedEvent, buildTicketType, placeOrder } from '../factories.js';
import { startPayPalEmulator, type PayPalEmulator } from '../emulators/paypal/paypal-emulator.js';
import { expireHoldNow, orderDetail, paymentRef, startListeningHarness, waitFor, waitForStatus } from '../helpers/payments.js';

const PAYMENTS_SCOPE = 'https://uri.paypal.com/services/payments/payment/authcapture';
const WEBHOOKS_SCOPE = 'https://uri.paypal.com/services/applications/webhooks';

let h: Harness;
let emu: PayPalEmulator;
let hookUrl: string;

beforeAll(async () => {
  emu = await startPayPalEmulator({
    apps: {
      'app-without-payments': { secret: 'secret-without-payments', scope: WEBHOOKS_SCOPE },
      'app-without-refunds': { secret: 'secret-without-refunds', scope: `${PAYMENTS_SCOPE} ${WEBHOOKS_SCOPE}` },
    },
  });
  const started = await startListeningHarness({ PAYPAL_API_URL: emu.url });
  h = started.h;
  hookUrl = `${started.url}/webhooks/paypal`;
  emu.setWebhookUrl(hookUrl);
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

async function paypalEvent(price = { amount: 5000, currency: 'EUR' }, opts: { capacity?: number; clientId?: string; clientSecret?: string } = {}) {
  const org = await buildOrganization(h);
  const res = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: opts.clientId ?? emu.clientId, clientSecret: opts.clientSecret ?? emu.clientSecret, webhookId: emu.webhookId } });
  expect(res.statusCode, res.body).toBe(200);
  return buildPublishedEvent(h, { token: org.token, event: { paymentMethods: ['paypal', 'manual'] }, ticket: { price, ...(opts.capacity ? { capacity: opts.capacity } : {}) } });
}

const capturesOf = (paypalOrderId: string) => [...emu.state.captures.values()].filter((c) => c.supplementary_data.related_ids.order_id === paypalOrderId);

async function buy(ev: Awaited<ReturnType<typeof paypalEvent>>) {
  const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'paypal' });
  expect(res.statusCode, res.body).toBe(201);
  const out = res.json();
  return { ...out, paypalOrderId: (await paymentRef(h, out.order.id)).ref };
}

describe('PayPal', () => {
  it('rejects wrong client credentials with a clear 422 and never echoes the secret', async () => {
    const org = await buildOrganization(h);
    const bad = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: emu.clientId, clientSecret: 'wrong-secret', webhookId: emu.webhookId } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('provider_credentials_invalid');
    const ok = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: emu.clientId, clientSecret: emu.clientSecret, webhookId: emu.webhookId } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).not.toContain(emu.clientSecret);
    expect((await h.call('GET', '/api/v1/integrations', { token: org.token })).body).not.toContain(emu.clientSecret);
    // The webhook id must name a webhook of this app that sends the events Foyer needs.
    const noHook = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: emu.clientId, clientSecret: emu.clientSecret, webhookId: 'WH-NOT-MINE' } });
    expect(noHook.statusCode).toBe(422);
    expect(noHook.json().error).toMatchObject({ details: { fields: [{ field: 'webhookId' }] } });
    emu.setWebhookEventTypes(['CHECKOUT.ORDER.APPROVED']);
    try {
      const partial = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: emu.clientId, clientSecret: emu.clientSecret, webhookId: emu.webhookId } });
      expect(partial.statusCode).toBe(422);
      expect(partial.json().error.message).toContain('PAYMENT.CAPTURE.COMPLETED');
    } finally {
      emu.setWebhookEventTypes(undefined);
    }
    // Encrypted at rest: the stored row holds neither the secret nor anything readable of it.
    const row = (await h.ctx.database.pool.query(`SELECT config, secret FROM credentials WHERE organization_id = $1 AND provider = 'paypal'`, [org.organization.id])).rows[0];
    expect(row.secret).not.toContain(emu.clientSecret);
    expect(row.config).not.toContain(emu.clientSecret);
    expect(JSON.parse(h.ctx.secrets.decrypt(row.secret))).toEqual({ clientSecret: emu.clientSecret });
  });

  it('an app without the payments feature is refused when saved; one without refunds says so when refunding', async () => {
    const org = await buildOrganization(h);
    const weak = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: 'app-without-payments', clientSecret: 'secret-without-payments', webhookId: emu.webhookId } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error).toMatchObject({ code: 'provider_permission_missing' });
    expect(weak.json().error.message).toMatch(/Accept payments/);
    expect(weak.body).not.toContain('secret-without-payments');

    const ev = await paypalEvent(undefined, { clientId: 'app-without-refunds', clientSecret: 'secret-without-refunds' });
    const o = await buy(ev);
    await emu.approveOrder(o.paypalOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const refused = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/not allowed to refund/);
    const after = await orderDetail(h, ev.token, o.order.id);
    expect(after).toMatchObject({ status: 'completed', refunded: { amount: 0 } });
    expect(after.refunds[0].status).toBe('failed');
  });

  it('approve → verified webhook → server-side capture → completed; replays change nothing', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    expect(o.paymentUrl).toContain(`checkoutnow?token=${o.paypalOrderId}`);
    expect(emu.state.orders.get(o.paypalOrderId)!.purchase_units[0].amount).toEqual({ currency_code: 'EUR', value: '50.00' });
    const pl = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'paypal', locale: 'pl' });
    expect(emu.state.orders.get((await paymentRef(h, pl.json().order.id)).ref)!.__locale).toBe('pl-PL');
    await emu.approveOrder(o.paypalOrderId);
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    const n = d.transitions.length;
    const approved = emu.events('CHECKOUT.ORDER.APPROVED').find((e) => e.resource.id === o.paypalOrderId)!;
    await emu.replay(approved.id);
    await emu.redeliver(approved.id);
    const captured = emu.events('PAYMENT.CAPTURE.COMPLETED').find((e) => e.resource.supplementary_data.related_ids.order_id === o.paypalOrderId)!;
    await emu.redeliver(captured.id);
    expect((await orderDetail(h, ev.token, o.order.id)).transitions.length).toBe(n);
    expect([...emu.state.captures.values()].filter((c) => c.supplementary_data.related_ids.order_id === o.paypalOrderId)).toHaveLength(1);
  });

  it('forged and tampered webhooks, and ones for another webhook id, are rejected', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    emu.setWebhookUrl(undefined);
    await emu.approveOrder(o.paypalOrderId);
    emu.setWebhookUrl(hookUrl);
    const approved = emu.events('CHECKOUT.ORDER.APPROVED').find((e) => e.resource.id === o.paypalOrderId)!;
    for (const d of [await emu.deliverForged(approved.id), await emu.deliverTampered(approved.id), await emu.deliverForOtherWebhook(approved.id)]) expect(d!.status).toBe(400);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');
    // The explicit status check captures the approved order.
    expect((await h.call('POST', `/api/v1/public/orders/${o.orderToken}/refresh`)).statusCode).toBe(204);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
  });

  it('out-of-order: capture COMPLETED before PENDING and before the approval changes nothing more, and nothing is captured twice', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    emu.pauseWebhooks();
    await emu.approveOrder(o.paypalOrderId, { captureOutcome: 'PENDING' }); // CHECKOUT.ORDER.APPROVED held back
    // The buyer's return page asks PayPal: the approved order is captured server-side (pending).
    expect((await h.call('POST', `/api/v1/public/orders/${o.orderToken}/refresh`)).statusCode).toBe(204);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('awaiting_payment');
    const [capture] = capturesOf(o.paypalOrderId);
    await emu.completePendingCapture(capture!.id); // PAYMENT.CAPTURE.PENDING then .COMPLETED, both held
    expect(emu.events('PAYMENT.CAPTURE.COMPLETED').some((e) => e.resource.id === capture!.id)).toBe(true);
    const sent = await emu.flushWebhooks({ reverse: true }); // COMPLETED, PENDING, APPROVED
    expect(sent.map((d) => d.status)).toEqual(sent.map(() => 200));
    const d = await waitForStatus(h, ev.token, o.order.id, 'completed');
    expect(d.transitions.filter((t: { to: string }) => t.to === 'completed')).toHaveLength(1);
    expect(capturesOf(o.paypalOrderId)).toHaveLength(1);
    for (const e of emu.events().filter((x) => x.resource.id === o.paypalOrderId || x.resource.id === capture!.id)) await emu.redeliver(e.id);
    expect((await orderDetail(h, ev.token, o.order.id)).transitions.length).toBe(d.transitions.length);
  });

  it('an abandoned checkout expires and frees its seat; a later approval is never captured', async () => {
    const ev = await paypalEvent(undefined, { capacity: 1 });
    const o = await buy(ev);
    await expireHoldNow(h, o.order.id);
    expect((await buy(ev)).order.status).toBe('awaiting_payment'); // the seat is free again
    await emu.approveOrder(o.paypalOrderId);
    expect(emu.deliveries.some((x) => x.status === 200 && JSON.parse(x.body).resource?.id === o.paypalOrderId)).toBe(true);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('expired');
    expect(capturesOf(o.paypalOrderId)).toHaveLength(0);
  });

  it('late payment (a pending capture settling after the hold ended): honoured while seats remain, refunded through PayPal when sold out', async () => {
    const roomy = await paypalEvent(undefined, { capacity: 2 });
    const a = await buy(roomy);
    await emu.approveOrder(a.paypalOrderId, { captureOutcome: 'PENDING' });
    const capA = await waitFor(async () => capturesOf(a.paypalOrderId)[0], (c) => !!c);
    await expireHoldNow(h, a.order.id);
    await emu.completePendingCapture(capA!.id);
    const honoured = await waitForStatus(h, roomy.token, a.order.id, 'completed');
    expect(honoured.transitions.map((t: { to: string }) => t.to)).toEqual(['awaiting_payment', 'expired', 'completed']);
    expect(honoured.attendees.every((x: { status: string }) => x.status === 'active')).toBe(true);

    const full = await paypalEvent(undefined, { capacity: 1 });
    const b = await buy(full);
    await emu.approveOrder(b.paypalOrderId, { captureOutcome: 'PENDING' });
    const capB = await waitFor(async () => capturesOf(b.paypalOrderId)[0], (c) => !!c);
    await expireHoldNow(h, b.order.id);
    const other = await placeOrder(h, full.event.slug, { items: [{ ticketTypeId: full.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' });
    expect(other.statusCode, other.body).toBe(201);
    await emu.completePendingCapture(capB!.id);
    const refunded = await waitForStatus(h, full.token, b.order.id, 'refunded');
    expect(refunded.refunds).toHaveLength(1);
    expect(refunded.refunds[0]).toMatchObject({ amount: { amount: 5000, currency: 'EUR' }, status: 'succeeded' });
    expect(emu.state.captures.get(capB!.id)!.status).toBe('REFUNDED');
  });

  it('cancelling the event with refund refunds PayPal orders through the API', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    await emu.approveOrder(o.paypalOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const res = await h.call('POST', `/api/v1/events/${ev.event.id}/cancel`, { token: ev.token, body: { refund: true } });
    expect(res.statusCode, res.body).toBe(200);
    const d = await waitForStatus(h, ev.token, o.order.id, 'refunded');
    expect(d.refunds[0]).toMatchObject({ amount: { amount: 5000 }, status: 'succeeded' });
    expect(emu.state.captures.get((await paymentRef(h, o.order.id)).capture!)!.status).toBe('REFUNDED');
  });

  it('a declined capture fails the order; a pending one completes on its later webhook', async () => {
    const ev = await paypalEvent();
    const declined = await buy(ev);
    await emu.approveOrder(declined.paypalOrderId, { captureOutcome: 'DECLINED' });
    await waitForStatus(h, ev.token, declined.order.id, 'failed');

    const pending = await buy(ev);
    await emu.approveOrder(pending.paypalOrderId, { captureOutcome: 'PENDING' });
    expect((await orderDetail(h, ev.token, pending.order.id)).status).toBe('awaiting_payment');
    const capture = [...emu.state.captures.values()].find((c) => c.supplementary_data.related_ids.order_id === pending.paypalOrderId)!;
    await emu.completePendingCapture(capture.id);
    await waitForStatus(h, ev.token, pending.order.id, 'completed');
  });

  it('a buyer dispute (CUSTOMER.DISPUTE.CREATED) puts the order on hold for Confirm/Reject; its replay changes nothing', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    await emu.approveOrder(o.paypalOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    await emu.openDispute((await paymentRef(h, o.order.id)).capture!);
    const held = await waitForStatus(h, ev.token, o.order.id, 'on_hold');
    expect(held.transitions.at(-1)).toMatchObject({ to: 'on_hold', actorType: 'provider', actorId: 'paypal' });
    expect(held.transitions.at(-1).reason).toMatch(/MERCHANDISE_OR_SERVICE_NOT_RECEIVED/);
    const confirmed = await h.call('POST', `/api/v1/orders/${o.order.id}/confirm`, { token: ev.token, body: {} });
    expect(confirmed.json().status).toBe('completed');
    await emu.redeliver(emu.events('CUSTOMER.DISPUTE.CREATED').at(-1)!.id);
    expect((await orderDetail(h, ev.token, o.order.id)).status).toBe('completed');
  });

  it('partial and full refunds go through the capture refund API', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    await emu.approveOrder(o.paypalOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');
    const part = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: { amount: 1000 } });
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ status: 'partially_refunded', refunded: { amount: 1000 } });
    const rest = await h.call('POST', `/api/v1/orders/${o.order.id}/refund`, { token: ev.token, body: {} });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json().status).toBe('refunded');
    const capture = (await paymentRef(h, o.order.id)).capture!;
    expect(emu.state.captures.get(capture)!.status).toBe('REFUNDED');
    expect(rest.json().refunds.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('JPY goes without decimals; KRW and HUF (Stripe-only in Foyer) are refused for PayPal events when priced', async () => {
    const ev = await paypalEvent({ amount: 5000, currency: 'JPY' });
    const o = await buy(ev);
    expect(emu.state.orders.get(o.paypalOrderId)!.purchase_units[0].amount).toEqual({ currency_code: 'JPY', value: '5000' });
    await emu.approveOrder(o.paypalOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');

    const event = await buildEvent(h, ev.token, { paymentMethods: ['paypal', 'manual'] });
    for (const price of [{ amount: 50000, currency: 'KRW' }, { amount: 500000, currency: 'HUF' }]) {
      const res = await h.call('POST', `/api/v1/events/${event.id}/ticket-types`, { token: ev.token, body: { name: 'Seat', price } });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'currency_not_supported', details: { fields: [{ field: 'price.currency' }] } });
      expect(res.json().error.message).toContain(`paypal does not accept ${price.currency}`);
    }
    // A free ticket in any currency is fine; a HUF event sold manually cannot add PayPal later.
    expect((await h.call('POST', `/api/v1/events/${event.id}/ticket-types`, { token: ev.token, body: { name: 'Free', price: { amount: 0, currency: 'HUF' } } })).statusCode).toBe(201);
    const manual = await buildEvent(h, ev.token, { paymentMethods: ['manual'] });
    await buildTicketType(h, ev.token, manual.id, { price: { amount: 500000, currency: 'HUF' } });
    const patch = await h.call('PATCH', `/api/v1/events/${manual.id}`, { token: ev.token, body: { paymentMethods: ['manual', 'paypal'] } });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error).toMatchObject({ code: 'currency_not_supported', details: { fields: [{ field: 'paymentMethods.1' }] } });
  });
});
