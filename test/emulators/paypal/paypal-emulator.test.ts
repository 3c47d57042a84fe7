import { createVerify, X509Certificate } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPayPalEmulator, type PayPalEmulator } from './paypal-emulator.js';
import { startReceiver } from '../shared/webhook-receiver.js';

let emu: PayPalEmulator;
let hook: Awaited<ReturnType<typeof startReceiver>>;

/** The thin fetch client the production adapter is expected to be, in miniature. */
async function token(): Promise<string> {
  const res = await fetch(`${emu.url}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${emu.url}${path}`, { method, headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}
const orderBody = (over: Record<string, unknown> = {}, amount = { currency_code: 'EUR', value: '50.00' }) => ({
  intent: 'CAPTURE',
  purchase_units: [{ reference_id: 'default', custom_id: 'order_1', invoice_id: `inv-${Math.random()}`, description: 'Webinar ticket', amount, ...over }],
  payment_source: { paypal: { experience_context: { return_url: 'https://foyer.test/pp/return', cancel_url: 'https://foyer.test/pp/cancel', brand_name: 'Foyer', user_action: 'PAY_NOW', shipping_preference: 'NO_SHIPPING' } } },
});
/** Verifies a delivery the way production will: through the verify endpoint with the configured webhook id. */
async function verify(rawBody: string, h: Record<string, unknown>) {
  const r = await call('POST', '/v1/notifications/verify-webhook-signature', {
    auth_algo: h['paypal-auth-algo'], cert_url: h['paypal-cert-url'], transmission_id: h['paypal-transmission-id'], transmission_sig: h['paypal-transmission-sig'],
    transmission_time: h['paypal-transmission-time'], webhook_id: emu.webhookId, webhook_event: JSON.parse(rawBody),
  });
  return r.body.verification_status as string;
}

beforeAll(async () => {
  hook = await startReceiver();
  emu = await startPayPalEmulator({ webhookUrl: hook.url });
});
afterAll(async () => { await emu.close(); await hook.close(); });
beforeEach(() => { hook.received.length = 0; emu.clearFaults(); });

describe('oauth', () => {
  it('issues tokens for the right client only and rejects expired ones', async () => {
    const bad = await fetch(`${emu.url}/v1/oauth2/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` }, body: 'grant_type=client_credentials' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client', error_description: 'Client Authentication failed' });
    const t = await token();
    emu.expireTokens();
    const res = await fetch(`${emu.url}/v2/checkout/orders/X`, { headers: { authorization: `Bearer ${t}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_token');
    const none = await fetch(`${emu.url}/v2/checkout/orders/X`);
    expect((await none.json()).name).toBe('AUTHENTICATION_FAILURE');
  });
});

describe('orders', () => {
  it('creates (minimal, payer-action link), is idempotent by PayPal-Request-Id, refuses capture before approval, then captures', async () => {
    const body = orderBody();
    const created = await call('POST', '/v2/checkout/orders', body, { 'paypal-request-id': 'order_1-a1' });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'links', 'payment_source', 'status']);
    expect(created.body.status).toBe('PAYER_ACTION_REQUIRED');
    const link = created.body.links.find((l: any) => l.rel === 'payer-action');
    expect(link.href).toBe(`${emu.url}/checkoutnow?token=${created.body.id}`);
    const again = await call('POST', '/v2/checkout/orders', body, { 'paypal-request-id': 'order_1-a1' });
    expect(again.body.id).toBe(created.body.id);
    const clash = await call('POST', '/v2/checkout/orders', orderBody({ custom_id: 'other' }), { 'paypal-request-id': 'order_1-a1' });
    expect(clash.status).toBe(422);

    const early = await call('POST', `/v2/checkout/orders/${created.body.id}/capture`, {}, { 'paypal-request-id': 'cap-1' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_NOT_APPROVED' }] });
    expect(early.body.debug_id).toBeTruthy();

    await emu.approveOrder(created.body.id);
    expect(hook.received.map((r) => JSON.parse(r.rawBody).event_type)).toEqual(['CHECKOUT.ORDER.APPROVED']);
    const cap = await call('POST', `/v2/checkout/orders/${created.body.id}/capture`, {}, { 'paypal-request-id': 'cap-1' });
    expect(cap.status).toBe(201);
    const c = cap.body.purchase_units[0].payments.captures[0];
    expect(cap.body.status).toBe('COMPLETED');
    expect(c).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'EUR', value: '50.00' }, custom_id: 'order_1' });
    const replay = await call('POST', `/v2/checkout/orders/${created.body.id}/capture`, {}, { 'paypal-request-id': 'cap-1' });
    expect(replay.body.purchase_units[0].payments.captures[0].id).toBe(c.id);
    const twice = await call('POST', `/v2/checkout/orders/${created.body.id}/capture`, {}, { 'paypal-request-id': 'cap-2' });
    expect(twice.body.details[0].issue).toBe('ORDER_ALREADY_CAPTURED');
    await emu.idle();
    const completed = hook.received.map((r) => JSON.parse(r.rawBody)).find((e) => e.event_type === 'PAYMENT.CAPTURE.COMPLETED');
    expect(completed.resource.supplementary_data.related_ids.order_id).toBe(created.body.id);
    expect((await call('GET', `/v2/checkout/orders/${created.body.id}`)).body.status).toBe('COMPLETED');
  });

  it('enforces currency decimals and schema like PayPal', async () => {
    const jpy = await call('POST', '/v2/checkout/orders', orderBody({}, { currency_code: 'JPY', value: '1500.50' }));
    expect(jpy.status).toBe(422);
    expect(jpy.body.details[0]).toMatchObject({ issue: 'DECIMALS_NOT_SUPPORTED', field: "/purchase_units/@reference_id=='default'/amount/value" });
    expect((await call('POST', '/v2/checkout/orders', orderBody({}, { currency_code: 'HUF', value: '5000' }))).status).toBe(201);
    expect((await call('POST', '/v2/checkout/orders', orderBody({}, { currency_code: 'HUF', value: '5000.00' }))).body.details[0].issue).toBe('DECIMALS_NOT_SUPPORTED');
    expect((await call('POST', '/v2/checkout/orders', orderBody({}, { currency_code: 'EUR', value: '10.005' }))).body.details[0].issue).toBe('DECIMAL_PRECISION');
    expect((await call('POST', '/v2/checkout/orders', orderBody({}, { currency_code: 'KRW', value: '1000' }))).body.details[0].issue).toBe('CURRENCY_NOT_SUPPORTED');
    const missing = await call('POST', '/v2/checkout/orders', { intent: 'CAPTURE' });
    expect(missing).toMatchObject({ status: 400, body: { name: 'INVALID_REQUEST', details: [{ issue: 'MISSING_REQUIRED_PARAMETER', field: '/purchase_units' }] } });
    const nf = await call('GET', '/v2/checkout/orders/NOPE');
    expect(nf).toMatchObject({ status: 404, body: { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] } });
  });

  it('models pending captures that are later denied, and declined instruments', async () => {
    const o = (await call('POST', '/v2/checkout/orders', orderBody())).body;
    await emu.approveOrder(o.id, { captureOutcome: 'PENDING' });
    const cap = (await call('POST', `/v2/checkout/orders/${o.id}/capture`, {})).body.purchase_units[0].payments.captures[0];
    expect(cap).toMatchObject({ status: 'PENDING', status_details: { reason: 'PENDING_REVIEW' } });
    await emu.denyPendingCapture(cap.id);
    expect(hook.received.map((r) => JSON.parse(r.rawBody).event_type)).toEqual(['CHECKOUT.ORDER.APPROVED', 'PAYMENT.CAPTURE.PENDING', 'PAYMENT.CAPTURE.DENIED']);

    const o2 = (await call('POST', '/v2/checkout/orders', orderBody())).body;
    await emu.approveOrder(o2.id, { captureOutcome: 'INSTRUMENT_DECLINED' });
    const declined = await call('POST', `/v2/checkout/orders/${o2.id}/capture`, {});
    expect(declined.body.details[0].issue).toBe('INSTRUMENT_DECLINED');
    expect((await call('GET', `/v2/checkout/orders/${o2.id}`)).body.status).toBe('PAYER_ACTION_REQUIRED');
  });

  it('buyer page approves and returns with token and PayerID', async () => {
    const o = (await call('POST', '/v2/checkout/orders', orderBody())).body;
    const res = await fetch(`${emu.url}/checkoutnow/approve?token=${o.id}`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe('https://foyer.test/pp/return');
    expect(loc.searchParams.get('token')).toBe(o.id);
    expect(loc.searchParams.get('PayerID')).toBeTruthy();
  });
});

describe('refunds', () => {
  it('refunds partially, then the rest, then refuses', async () => {
    const o = (await call('POST', '/v2/checkout/orders', orderBody())).body;
    await emu.approveOrder(o.id);
    const cap = (await call('POST', `/v2/checkout/orders/${o.id}/capture`, {})).body.purchase_units[0].payments.captures[0];
    const over = await call('POST', `/v2/payments/captures/${cap.id}/refund`, { amount: { currency_code: 'EUR', value: '60.00' } });
    expect(over.body.details[0].issue).toBe('REFUND_AMOUNT_EXCEEDED');
    const part = await call('POST', `/v2/payments/captures/${cap.id}/refund`, { amount: { currency_code: 'EUR', value: '15.00' }, note_to_payer: 'Sorry' }, { 'paypal-request-id': 'ref-1' });
    expect(part).toMatchObject({ status: 201, body: { status: 'COMPLETED' } });
    const same = await call('POST', `/v2/payments/captures/${cap.id}/refund`, { amount: { currency_code: 'EUR', value: '15.00' }, note_to_payer: 'Sorry' }, { 'paypal-request-id': 'ref-1' });
    expect(same.body.id).toBe(part.body.id);
    const rest = await call('POST', `/v2/payments/captures/${cap.id}/refund`, {}, { prefer: 'return=representation' });
    expect(rest.body.amount).toEqual({ currency_code: 'EUR', value: '35.00' });
    expect((await call('GET', `/v2/payments/captures/${cap.id}`)).body.status).toBe('REFUNDED');
    expect((await call('POST', `/v2/payments/captures/${cap.id}/refund`, {})).body.details[0].issue).toBe('CAPTURE_FULLY_REFUNDED');
    await emu.idle();
    expect(hook.received.filter((r) => JSON.parse(r.rawBody).event_type === 'PAYMENT.CAPTURE.REFUNDED')).toHaveLength(2);
  });
});

describe('webhook verification', () => {
  it('answers SUCCESS for genuine and replayed deliveries and FAILURE for forged, tampered or foreign ones', async () => {
    const o = (await call('POST', '/v2/checkout/orders', orderBody())).body;
    await emu.approveOrder(o.id);
    const genuine = hook.received[0];
    expect(await verify(genuine.rawBody, genuine.headers)).toBe('SUCCESS');
    const eventId = JSON.parse(genuine.rawBody).id;
    for (const d of [await emu.deliverForged(eventId), await emu.deliverTampered(eventId), await emu.deliverForOtherWebhook(eventId)]) {
      expect(await verify(d.body, d.headers)).toBe('FAILURE');
    }
    const replay = await emu.replay(eventId);
    expect(await verify(replay.body, replay.headers)).toBe('SUCCESS');
    const bad = await call('POST', '/v1/notifications/verify-webhook-signature', { auth_algo: 'SHA256withRSA' });
    expect(bad.status).toBe(400);
  });

  it('serves a real X.509 certificate at paypal-cert-url for offline checks', async () => {
    const o = (await call('POST', '/v2/checkout/orders', orderBody())).body;
    await emu.approveOrder(o.id);
    const { rawBody, headers } = hook.received[0];
    const pem = await (await fetch(String(headers['paypal-cert-url']))).text();
    const v = createVerify('sha256');
    v.update(`${headers['paypal-transmission-id']}|${headers['paypal-transmission-time']}|${emu.webhookId}|${crc32(Buffer.from(rawBody))}`);
    expect(v.verify(new X509Certificate(pem).publicKey, String(headers['paypal-transmission-sig']), 'base64')).toBe(true);
  });

  it('fault presets answer PayPal-shaped errors', async () => {
    emu.setFault({ path: '/v2/checkout/orders', method: 'POST', preset: 'INTERNAL_SERVER_ERROR', times: 1 });
    const r = await call('POST', '/v2/checkout/orders', orderBody());
    expect(r).toMatchObject({ status: 500, body: { name: 'INTERNAL_SERVER_ERROR' } });
    expect((await call('POST', '/v2/checkout/orders', orderBody())).status).toBe(201);
  });
});
