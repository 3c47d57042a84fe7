import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPayUEmulator, type PayUEmulator } from './payu-emulator.js';
import { startReceiver } from '../shared/webhook-receiver.js';

let emu: PayUEmulator;
let hook: Awaited<ReturnType<typeof startReceiver>>;

/** What the production notification route must do: check OpenPayu-Signature against the second key. */
function verifyNotification(raw: string, headers: Record<string, unknown>): unknown {
  const h = String(headers['openpayu-signature'] ?? '');
  const parts = Object.fromEntries(h.split(';').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const alg = parts.algorithm === 'MD5' ? 'md5' : 'sha256';
  if (!parts.signature || createHash(alg).update(raw + emu.secondKey).digest('hex') !== parts.signature) throw new Error('bad signature');
  return JSON.parse(raw);
}

async function token(): Promise<string> {
  const res = await fetch(`${emu.url}/pl/standard/user/oauth/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.posId, client_secret: emu.clientSecret }),
  });
  const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(body).toMatchObject({ token_type: 'bearer', expires_in: 43199 });
  return body.access_token;
}
async function call(method: string, path: string, body?: unknown) {
  // redirect: 'manual' — PayU's 302 carries the JSON answer and must not be followed.
  const res = await fetch(`${emu.url}${path}`, { method, redirect: 'manual', headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}
let n = 0;
const orderBody = (over: Record<string, unknown> = {}) => ({
  notifyUrl: hook.url, continueUrl: 'https://foyer.test/payu/return', customerIp: '127.0.0.1', merchantPosId: emu.posId,
  description: 'Bilet na webinar', currencyCode: 'PLN', totalAmount: '12345', extOrderId: `order_1-${++n}`,
  buyer: { email: 'buyer@example.com', firstName: 'Jan', lastName: 'Kowalski', language: 'pl' },
  products: [{ name: 'Bilet', unitPrice: '12345', quantity: '1' }], ...over,
});
const received = () => hook.received.map((r) => r.result as any);

beforeAll(async () => {
  hook = await startReceiver((raw, h) => verifyNotification(raw, h));
  emu = await startPayUEmulator();
});
afterAll(async () => { await emu.close(); await hook.close(); });
beforeEach(() => { hook.received.length = 0; emu.clearFaults(); });

describe('oauth', () => {
  it('rejects bad credentials and unknown tokens', async () => {
    const bad = await fetch(`${emu.url}/pl/standard/user/oauth/authorize`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.posId, client_secret: 'nope' }) });
    expect(bad.status).toBe(401);
    const res = await fetch(`${emu.url}/api/v2_1/orders/X`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
  });
});

describe('orders', () => {
  it('answers 302 with a JSON body and Location, then notifies PENDING and COMPLETED with valid signatures', async () => {
    const created = await call('POST', '/api/v2_1/orders', orderBody());
    expect(created.status).toBe(302);
    expect(created.body).toMatchObject({ status: { statusCode: 'SUCCESS' }, extOrderId: `order_1-${n}` });
    expect(created.headers.get('location')).toBe(created.body.redirectUri);
    const id = created.body.orderId as string;
    expect(id).toMatch(/^[A-Z0-9]{10}\d{6}GUEST000P01$/);
    expect((await call('GET', `/api/v2_1/orders/${id}`)).body.orders[0]).toMatchObject({ status: 'NEW', totalAmount: '12345', currencyCode: 'PLN' });

    await emu.payOrder(id);
    expect(hook.received.every((r) => r.status === 200)).toBe(true);
    expect(received().map((b) => b.order.status)).toEqual(['PENDING', 'COMPLETED']);
    expect(received()[1].properties[0].name).toBe('PAYMENT_ID');
    expect(hook.received[0].headers['openpayu-signature']).toMatch(/^sender=checkout;signature=[0-9a-f]{32};algorithm=MD5;content=DOCUMENT$/);
    const got = await call('GET', `/api/v2_1/orders/${id}`);
    expect(got.body).toMatchObject({ orders: [{ status: 'COMPLETED' }], status: { statusCode: 'SUCCESS' } });
    expect((await call('GET', `/api/v2_1/orders/ext/order_1-${n}`)).body.orders[0].orderId).toBe(id);
  });

  it('enforces extOrderId uniqueness, PLN only, the POS of the token, and required fields', async () => {
    const body = orderBody();
    expect((await call('POST', '/api/v2_1/orders', body)).status).toBe(302);
    expect(await call('POST', '/api/v2_1/orders', body)).toMatchObject({ status: 400, body: { status: { statusCode: 'ERROR_ORDER_NOT_UNIQUE' } } });
    expect(await call('POST', '/api/v2_1/orders', orderBody({ currencyCode: 'EUR' }))).toMatchObject({ status: 400, body: { status: { statusCode: 'ERROR_VALUE_INVALID' } } });
    expect(await call('POST', '/api/v2_1/orders', orderBody({ merchantPosId: '999' }))).toMatchObject({ status: 403, body: { status: { codeLiteral: 'INVALID_AUTH_FOR_THIS_ORDER' } } });
    const { customerIp: _drop, ...noIp } = orderBody();
    expect(await call('POST', '/api/v2_1/orders', noIp)).toMatchObject({ status: 400, body: { status: { statusCode: 'ERROR_VALUE_MISSING' } } });
    expect(await call('POST', '/api/v2_1/orders', orderBody({ totalAmount: '123.45' }))).toMatchObject({ status: 400, body: { status: { statusCode: 'ERROR_VALUE_INVALID' } } });
    expect((await call('GET', '/api/v2_1/orders/NOPE')).status).toBe(404);
  });

  it('holds paid orders in WAITING_FOR_CONFIRMATION when auto-receive is off until confirmed', async () => {
    const manual = await startPayUEmulator({ autoReceive: false, signatureAlgorithm: 'SHA-256', posId: emu.posId, secondKey: emu.secondKey });
    const tok = await (await fetch(`${manual.url}/pl/standard/user/oauth/authorize`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: manual.posId, client_secret: manual.clientSecret }) })).json() as { access_token: string };
    const h = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };
    const created = await (await fetch(`${manual.url}/api/v2_1/orders`, { method: 'POST', redirect: 'manual', headers: h, body: JSON.stringify(orderBody()) })).json() as { orderId: string };
    await manual.payOrder(created.orderId);
    expect(received().map((b) => b.order.status)).toEqual(['PENDING', 'WAITING_FOR_CONFIRMATION']);
    expect(hook.received[0].headers['openpayu-signature']).toContain('algorithm=SHA-256');
    const put = await fetch(`${manual.url}/api/v2_1/orders/${created.orderId}/status`, { method: 'PUT', headers: h, body: JSON.stringify({ orderId: created.orderId, orderStatus: 'COMPLETED' }) });
    expect(await put.json()).toMatchObject({ status: { statusCode: 'SUCCESS' } });
    await manual.idle();
    expect(received().map((b) => b.order.status)).toEqual(['PENDING', 'WAITING_FOR_CONFIRMATION', 'COMPLETED']);
    await manual.close();
  });

  it('cancels through the API and the helper, and the payment page returns with error=501', async () => {
    const a = (await call('POST', '/api/v2_1/orders', orderBody())).body;
    expect((await call('DELETE', `/api/v2_1/orders/${a.orderId}`)).body.status.statusCode).toBe('SUCCESS');
    const b = (await call('POST', '/api/v2_1/orders', orderBody())).body;
    const res = await fetch(b.redirectUri, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ action: 'cancel' }) });
    expect(res.headers.get('location')).toBe('https://foyer.test/payu/return?error=501');
    await emu.idle();
    expect(received().map((x) => x.order.status)).toEqual(['CANCELED', 'CANCELED']);
  });
});

describe('refunds', () => {
  it('refunds partially and fully (both paths), idempotent by extRefundId, FINALIZED by notification', async () => {
    const o = (await call('POST', '/api/v2_1/orders', orderBody())).body;
    expect((await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, { refund: { description: 'Zwrot' } })).body.status.codeLiteral).toBe('TRANS_NOT_ENDED');
    await emu.payOrder(o.orderId);
    hook.received.length = 0;
    const part = await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, { refund: { description: 'Zwrot częściowy', amount: '2345', extRefundId: 'r1' } });
    expect(part.body).toMatchObject({ orderId: o.orderId, refund: { amount: '2345', currencyCode: 'PLN', status: 'PENDING' }, status: { statusCode: 'SUCCESS' } });
    const again = await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, { refund: { description: 'Zwrot częściowy', amount: '2345', extRefundId: 'r1' } });
    expect(again.body.refund.refundId).toBe(part.body.refund.refundId);
    expect((await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, { refund: { description: 'inny', amount: '1', extRefundId: 'r1' } })).body.status.codeLiteral).toBe('REFUND_IDEMPOTENCY_MISMATCH');
    expect((await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, { refund: { description: 'za dużo', amount: '10001' } })).body.status).toMatchObject({ codeLiteral: 'AMOUNT_TO_BIG', code: '9103' });
    const rest = await call('POST', `/api/v2_1/orders/${o.orderId}/refund`, { refund: { description: 'Reszta' } });
    expect(rest.body.refund.amount).toBe('10000');
    expect((await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, { refund: { description: 'x' } })).body.status.codeLiteral).toBe('PAID');
    expect((await call('POST', `/api/v2_1/orders/${o.orderId}/refunds`, {})).body.status.codeLiteral).toBe('MISSING_REFUND_SECTION');
    await emu.idle();
    expect(received().map((b) => [b.refund.amount, b.refund.status])).toEqual([['2345', 'FINALIZED'], ['10000', 'FINALIZED']]);
  });
});

describe('hostile notifications', () => {
  it('forged, tampered and unsigned notifications fail the signature check; redelivery and reordering work', async () => {
    const o = (await call('POST', '/api/v2_1/orders', orderBody())).body;
    emu.pauseNotifications();
    await emu.payOrder(o.orderId);
    await emu.flushNotifications({ reverse: true });
    expect(received().map((b) => b.order.status)).toEqual(['COMPLETED', 'PENDING']);
    const ref = emu.notifications(o.orderId)[0].ref;
    expect((await emu.deliverForged(ref)).status).toBe(400);
    expect((await emu.deliverTampered(ref)).status).toBe(400);
    expect((await emu.deliverUnsigned(ref)).status).toBe(400);
    expect((await emu.redeliver(ref)).status).toBe(200);
  });

  it('fault presets answer PayU-shaped errors', async () => {
    emu.setFault({ method: 'POST', path: '/api/v2_1/orders', preset: 'SERVICE_NOT_AVAILABLE', times: 1 });
    expect(await call('POST', '/api/v2_1/orders', orderBody())).toMatchObject({ status: 503, body: { status: { statusCode: 'SERVICE_NOT_AVAILABLE' } } });
  });
});
