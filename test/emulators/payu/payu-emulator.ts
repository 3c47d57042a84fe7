/**
 * PayU REST API v2.1 emulator for the production `fetch` client pointed at PAYU_API_URL = emu.url.
 * PLN only, amounts as strings in grosze, signed notifications to each order's notifyUrl.
 */
import { escapeHtml, html, startHttpServer, type EmuRequest, type EmuResponse, type FaultRule } from '../shared/http-server.js';
import { WebhookSender, type Delivery } from '../shared/webhook-sender.js';
import { issueToken, requireToken, TokenFailure } from './payu-auth.js';
import { PayUError, payuPreset } from './payu-errors.js';
import { headerFor, notificationHelpers, notificationInput } from './payu-notifications.js';
import { cancel, confirm, createOrder, findOrder, pay, publicOrder, retrieveBody, transition } from './payu-orders.js';
import { createRefund, listRefunds, settleRefund } from './payu-refunds.js';
import { newState, type Json, type PayUCtx, type PayUEmulatorOptions } from './payu-state.js';

export type { PayUEmulatorOptions };

type Handler = (ctx: PayUCtx, m: RegExpExecArray, body: any) => EmuResponse;
const ok = (body: Json): EmuResponse => ({ status: 200, body });

const ROUTES: { method: string; re: RegExp; run: Handler }[] = [
  { method: 'POST', re: /^\/api\/v2_1\/orders\/?$/, run: (c, _m, b) => createOrder(c, b) },
  { method: 'GET', re: /^\/api\/v2_1\/orders\/ext\/([^/]+)$/, run: (c, m) => ok(retrieveBody(findOrder(c, decodeURIComponent(m[1]), true))) },
  { method: 'GET', re: /^\/api\/v2_1\/orders\/([^/]+)$/, run: (c, m) => ok(retrieveBody(findOrder(c, m[1]))) },
  { method: 'DELETE', re: /^\/api\/v2_1\/orders\/([^/]+)$/, run: (c, m) => { const o = cancel(c, m[1]); return ok({ orderId: o.orderId, ...(o.extOrderId ? { extOrderId: o.extOrderId } : {}), status: { statusCode: 'SUCCESS', statusDesc: 'Request successful' } }); } },
  { method: 'PUT', re: /^\/api\/v2_1\/orders\/([^/]+)\/status$/, run: (c, m, b) => ok(confirm(c, m[1], b)) },
  {
    method: 'POST', re: /^\/api\/v2_1\/orders\/([^/]+)\/refunds?$/,
    run: (c, m, b) => {
      const { refund, response } = createRefund(c, m[1], b);
      if (c.opts.autoFinalizeRefunds !== false && refund.status === 'PENDING') setImmediate(() => { if (refund.status === 'PENDING') settleRefund(c, refund.refundId, 'FINALIZED'); });
      return ok(response);
    },
  },
  { method: 'GET', re: /^\/api\/v2_1\/orders\/([^/]+)\/refunds$/, run: (c, m) => ok(listRefunds(c, m[1])) },
];

export async function startPayUEmulator(opts: PayUEmulatorOptions = {}) {
  const state = newState();
  let clockOffsetMs = 0;
  const nowMs = () => Date.now() + clockOffsetMs;
  const sender = new WebhookSender({ retries: opts.notificationRetries ?? 0 });
  let seq = 0;
  const ctx: PayUCtx = {
    state, opts, baseUrl: '', posId: opts.posId ?? '300100',
    now: () => new Date(nowMs()),
    notify(url, body, meta) {
      if (!url) return;
      const raw = JSON.stringify(body);
      const ref = `n${++seq}`;
      state.notifications.push({ ref, url, body: raw, ...meta });
      void sender.send(notificationInput(ctx, url, raw, ref));
    },
  };

  function handle(req: EmuRequest): EmuResponse {
    if (req.path === '/pay/' || req.path.startsWith('/pay/')) return paymentPage(ctx, req);
    if (req.method === 'POST' && req.path === '/pl/standard/user/oauth/authorize') return issueToken(ctx, req, nowMs());
    let res: EmuResponse;
    try {
      const route = ROUTES.find((r) => r.method === req.method && r.re.test(req.path));
      if (!route) throw new PayUError(404, { statusCode: 'DATA_NOT_FOUND', severity: 'INFO', statusDesc: `No resource for ${req.method} ${req.path}` });
      requireToken(ctx, req.headers, nowMs());
      let body: unknown;
      if (req.rawBody.trim()) {
        try { body = JSON.parse(req.rawBody); } catch { throw new PayUError(400, { statusCode: 'ERROR_SYNTAX', statusDesc: 'Incorrect request syntax. Supported format is JSON.' }); }
      }
      res = route.run(ctx, route.re.exec(req.path)!, body);
      res.headers = { 'content-type': 'application/json;charset=UTF-8', ...res.headers };
    } catch (err) {
      if (err instanceof TokenFailure) res = err.response;
      else if (err instanceof PayUError) res = err.toResponse();
      else throw err;
    }
    state.requests.push({ method: req.method, path: req.path, status: res.status, body: res.body });
    return res;
  }

  const server = await startHttpServer({ port: opts.port, handler: handle, resolvePreset: (p) => payuPreset(p) });
  ctx.baseUrl = server.url;
  /** Lets notifications started by a helper reach the receiver before the helper resolves. */
  const settled = async <T>(v: T): Promise<T> => { await new Promise((r) => setImmediate(r)); await sender.idle(); return v; };
  const order = (id: string) => findOrder(ctx, id);

  return {
    url: server.url,
    port: server.port,
    state,
    setFault: (rule: FaultRule) => server.setFault(rule),
    clearFaults: () => server.clearFaults(),
    close: async () => { await settled(undefined); await server.close(); },
    posId: ctx.posId,
    clientSecret: opts.clientSecret ?? 'emulator-client-secret',
    secondKey: opts.secondKey ?? 'emulator-second-key',
    advanceClock(seconds: number) { clockOffsetMs += seconds * 1000; },
    /** The POS's auto-receive setting: off → paid orders wait in WAITING_FOR_CONFIRMATION for the shop. */
    setAutoReceive(on: boolean) { opts.autoReceive = on; },
    expireTokens() { for (const t of state.tokens.values()) t.expiresAt = 0; },
    /** Buyer starts paying: NEW → PENDING. */
    startPayment: (id: string) => { transition(ctx, order(id), 'PENDING'); return settled(publicOrder(order(id))); },
    /** Buyer pays: → PENDING → COMPLETED (or WAITING_FOR_CONFIRMATION with autoReceive false). */
    payOrder: (id: string) => settled(pay(ctx, id)),
    /** Payment abandoned or rejected: → CANCELED. */
    cancelOrder: (id: string) => settled(publicOrder(cancel(ctx, id))),
    finalizeRefund: (refundId: string) => settled(settleRefund(ctx, refundId, 'FINALIZED')),
    cancelRefund: (refundId: string) => settled(settleRefund(ctx, refundId, 'CANCELED')),
    notifications: (orderId?: string) => state.notifications.filter((n) => !orderId || n.orderId === orderId),
    /** The OpenPayu-Signature header PayU would put on `body` (for hand-made notifications). */
    sign: (body: string) => headerFor(body, opts.secondKey ?? 'emulator-second-key', opts.signatureAlgorithm ?? 'MD5'),
    get deliveries(): Delivery[] { return sender.deliveries; },
    pauseNotifications: () => sender.pause(),
    flushNotifications: (o?: { reverse?: boolean }) => sender.flush(o),
    idle: () => settled(undefined),
    ...notificationHelpers(ctx, sender),
  };
}

export type PayUEmulator = Awaited<ReturnType<typeof startPayUEmulator>>;

/** Stand-in for PayU's payment page: pay → continueUrl; cancel → continueUrl?error=501 (PayU adds error=501 when not authorised). */
function paymentPage(ctx: PayUCtx, req: EmuRequest): EmuResponse {
  const id = req.url.searchParams.get('orderId') ?? '';
  const o = ctx.state.orders.get(id);
  if (!o || req.url.searchParams.get('token') !== o.__token) return html('PayU', '<p id="error">Nieprawidłowy link płatności.</p>');
  const back = (error?: boolean): EmuResponse => {
    if (!o.__continueUrl) return html('PayU', `<p id="status">${escapeHtml(o.status)}</p>`);
    const u = new URL(o.__continueUrl);
    if (error) u.searchParams.set('error', '501');
    return { status: 303, headers: { location: u.toString() }, body: '' };
  };
  if (req.method === 'POST') {
    const action = new URLSearchParams(req.rawBody).get('action');
    if (action === 'pay' && ['NEW', 'PENDING'].includes(o.status)) { pay(ctx, id); return back(); }
    if (action === 'cancel' && ['NEW', 'PENDING'].includes(o.status)) { cancel(ctx, id); return back(true); }
    return html('PayU', '<p id="error">Ta płatność nie może już zostać zmieniona.</p>');
  }
  const amount = (Number(o.totalAmount) / 100).toFixed(2);
  const form = (action: string, label: string) => `<form method="post"><input type="hidden" name="action" value="${action}"><button type="submit" name="${action}">${label}</button></form>`;
  return html('PayU', `<h1>Do zapłaty: ${escapeHtml(amount)} ${escapeHtml(o.currencyCode)}</h1><p>${escapeHtml(o.description)}</p>${form('pay', 'Zapłać (BLIK)')}${form('cancel', 'Anuluj')}`);
}
