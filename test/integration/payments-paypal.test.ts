import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/api.js';
import { buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';
import { startPayPalEmulator, type PayPalEmulator } from '../emulators/paypal/paypal-emulator.js';
import { orderDetail, paymentRef, startListeningHarness, waitForStatus } from '../helpers/payments.js';

let h: Harness;
let emu: PayPalEmulator;
let hookUrl: string;

beforeAll(async () => {
  emu = await startPayPalEmulator();
  const started = await startListeningHarness({ PAYPAL_API_URL: emu.url });
  h = started.h;
  hookUrl = `${started.url}/webhooks/paypal`;
  emu.setWebhookUrl(hookUrl);
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

async function paypalEvent(price = { amount: 5000, currency: 'EUR' }) {
  const org = await buildOrganization(h);
  const res = await h.call('PUT', '/api/v1/integrations/paypal', { token: org.token, body: { clientId: emu.clientId, clientSecret: emu.clientSecret, webhookId: emu.webhookId } });
  expect(res.statusCode, res.body).toBe(200);
  return buildPublishedEvent(h, { token: org.token, event: { paymentMethods: ['paypal'] }, ticket: { price } });
}

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
  });

  it('approve → verified webhook → server-side capture → completed; replays change nothing', async () => {
    const ev = await paypalEvent();
    const o = await buy(ev);
    expect(o.paymentUrl).toContain(`checkoutnow?token=${o.paypalOrderId}`);
    expect(emu.state.orders.get(o.paypalOrderId)!.purchase_units[0].amount).toEqual({ currency_code: 'EUR', value: '50.00' });
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

  it('JPY goes without decimals; KRW is refused (PayPal does not take it)', async () => {
    const ev = await paypalEvent({ amount: 5000, currency: 'JPY' });
    const o = await buy(ev);
    expect(emu.state.orders.get(o.paypalOrderId)!.purchase_units[0].amount).toEqual({ currency_code: 'JPY', value: '5000' });
    await emu.approveOrder(o.paypalOrderId);
    await waitForStatus(h, ev.token, o.order.id, 'completed');

    const krw = await paypalEvent({ amount: 50000, currency: 'KRW' });
    const res = await placeOrder(h, krw.event.slug, { items: [{ ticketTypeId: krw.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'paypal' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('currency_not_supported');
  });
});
