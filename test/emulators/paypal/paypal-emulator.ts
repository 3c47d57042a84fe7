/**
 * PayPal REST emulator (OAuth, Orders v2, Payments v2 captures/refunds, webhooks and their
 * verification) for the production `fetch` client pointed at PAYPAL_API_URL = emu.url.
 * `PayPal-Request-Id` makes POSTs idempotent (reference: kept 6 h for orders, 45 days for refunds;
 * the emulator keeps them for its lifetime). Only successful answers are remembered, so a retry
 * after e.g. ORDER_NOT_APPROVED runs again.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, html, startHttpServer, type EmuRequest, type EmuResponse, type FaultRule } from '../shared/http-server.js';
import { WebhookSender, type Delivery } from '../shared/webhook-sender.js';
import { selfSignedCert } from '../shared/self-signed-cert.js';
import { issueToken, OAuthFailure, requireScope, requireToken } from './paypal-auth.js';
import { issue, PayPalError, paypalPreset } from './paypal-errors.js';
import { approve, createOrder, getOrder, view } from './paypal-orders.js';
import { capture, getCapture, publicRefund, refund, openDispute, resolvePending } from './paypal-payments.js';
import { buildEvent, transmission, verifySignature, webhookHelpers } from './paypal-webhooks.js';
import { clone, newState, type CaptureOutcome, type Json, type PayPalCtx, type PayPalEmulatorOptions } from './paypal-state.js';

export type { PayPalEmulatorOptions, CaptureOutcome };

type Handler = (ctx: PayPalCtx, m: RegExpExecArray, body: any, req: EmuRequest) => EmuResponse;
const prefersFull = (req: EmuRequest) => /return=representation/.test(String(req.headers.prefer ?? ''));

const ROUTES: { method: string; re: RegExp; run: Handler; idempotent?: boolean }[] = [
  { method: 'POST', re: /^\/v2\/checkout\/orders$/, idempotent: true, run: (c, _m, b, req) => ({ status: 201, body: view(c, createOrder(c, b), !prefersFull(req)) }) },
  { method: 'GET', re: /^\/v2\/checkout\/orders\/([^/]+)$/, run: (c, m) => ({ status: 200, body: view(c, getOrder(c, m[1])) }) },
  { method: 'POST', re: /^\/v2\/checkout\/orders\/([^/]+)\/capture$/, idempotent: true, run: (c, m) => ({ status: 201, body: capture(c, m[1]) }) },
  { method: 'GET', re: /^\/v2\/payments\/captures\/([^/]+)$/, run: (c, m) => ({ status: 200, body: clone(getCapture(c, m[1])) }) },
  {
    method: 'POST', re: /^\/v2\/payments\/captures\/([^/]+)\/refund$/, idempotent: true,
    run: (c, m, b, req) => { const r = refund(c, m[1], b); return { status: 201, body: prefersFull(req) ? r : { id: r.id, status: r.status, links: r.links } }; },
  },
  { method: 'GET', re: /^\/v2\/payments\/refunds\/([^/]+)$/, run: (c, m) => { const r = c.state.refunds.get(m[1]); if (!r) throw issue(404, 'INVALID_RESOURCE_ID', { location: 'path' }); return { status: 200, body: publicRefund(r) }; } },
  { method: 'POST', re: /^\/v1\/notifications\/verify-webhook-signature$/, run: (c, _m, b) => ({ status: 200, body: verifySignature(c, b) }) },
  // Webhooks v1 "show webhook details": the app's one configured webhook (https://developer.paypal.com/docs/api/webhooks/v1/#webhooks_get).
  {
    method: 'GET', re: /^\/v1\/notifications\/webhooks\/([^/]+)$/,
    run: (c, m) => {
      if (m[1] !== c.webhookId) throw issue(404, 'INVALID_RESOURCE_ID', { location: 'path', description: 'Webhook id is invalid.' });
      return { status: 200, body: { id: c.webhookId, url: c.opts.webhookUrl ?? 'https://example.invalid/webhooks/paypal', event_types: (c.opts.webhookEventTypes ?? ['*']).map((name) => ({ name, description: name === '*' ? 'ALL' : name })), links: [{ href: `${c.baseUrl}/v1/notifications/webhooks/${c.webhookId}`, rel: 'self', method: 'GET' }] } };
    },
  },
];

export async function startPayPalEmulator(opts: PayPalEmulatorOptions = {}) {
  const state = newState();
  let clockOffsetMs = 0;
  const nowMs = () => Date.now() + clockOffsetMs;
  const cert = selfSignedCert('messageverificationcerts.paypal-emulator');
  const ctx: PayPalCtx = {
    state, opts, baseUrl: '', webhookId: opts.webhookId ?? 'WH-EMULATOR-0001', cert, certUrl: '',
    sender: new WebhookSender({ retries: opts.webhookRetries ?? 0 }),
    nowIso: () => new Date(nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    emit(eventType, resourceType, resource, summary) {
      const event = buildEvent(ctx, eventType, resourceType, resource, summary);
      state.events.push(event);
      if (opts.webhookUrl) void ctx.sender.send(transmission(ctx, JSON.stringify(event), { ref: event.id }));
      return event;
    },
  };

  function handle(req: EmuRequest): EmuResponse {
    if (req.path.startsWith('/checkoutnow')) return buyerPage(ctx, req);
    if (req.method === 'GET' && req.path === new URL(ctx.certUrl).pathname) return { status: 200, body: cert.certPem, headers: { 'content-type': 'application/x-pem-file' } };
    if (req.method === 'POST' && req.path === '/v1/oauth2/token') return issueToken(ctx, req, nowMs());
    const route = ROUTES.find((r) => r.method === req.method && r.re.test(req.path));
    const requestId = req.headers['paypal-request-id'] as string | undefined;
    let res: EmuResponse;
    try {
      if (!route) throw issue(404, 'INVALID_RESOURCE_ID', { location: 'path', description: `No route for ${req.method} ${req.path}` });
      requireToken(ctx, req.headers, nowMs());
      requireScope(ctx, req.headers, req.method, req.path);
      let body: unknown = undefined;
      if (req.rawBody.trim()) {
        try { body = JSON.parse(req.rawBody); } catch { throw new PayPalError(400, [{ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.', location: 'body' }], { name: 'INVALID_REQUEST' }); }
      }
      const key = route.idempotent && requestId ? `${req.path}|${requestId}` : undefined;
      const fingerprint = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
      const saved = key ? state.requestIds.get(key) : undefined;
      if (saved && saved.fingerprint !== fingerprint) throw issue(422, 'DUPLICATE_REQUEST_ID', { location: 'header', field: 'PayPal-Request-Id', value: requestId });
      if (saved) {
        res = { status: saved.status, body: clone(saved.body) };
      } else {
        res = route.run(ctx, route.re.exec(req.path)!, body, req);
        if (key) state.requestIds.set(key, { fingerprint, status: res.status, body: clone(res.body) });
      }
    } catch (err) {
      if (err instanceof OAuthFailure) res = err.response;
      else if (err instanceof PayPalError) res = err.toResponse(req.path.startsWith('/v2/payments') ? 'https://developer.paypal.com/docs/api/payments/v2/#error-' : undefined);
      else throw err;
    }
    state.requests.push({ method: req.method, path: req.path, requestId, status: res.status, body: res.body });
    return res;
  }

  const server = await startHttpServer({ port: opts.port, handler: handle, resolvePreset: (p) => paypalPreset(p) });
  ctx.baseUrl = server.url;
  ctx.certUrl = `${server.url}/v1/notifications/certs/CERT-360caa42-fca2a594-emulator`;
  const settled = async <T>(v: T): Promise<T> => { await ctx.sender.idle(); return v; };

  return {
    url: server.url,
    port: server.port,
    state,
    setFault: (rule: FaultRule) => server.setFault(rule),
    clearFaults: () => server.clearFaults(),
    close: async () => { await ctx.sender.idle(); await server.close(); },
    clientId: opts.clientId ?? 'emulator-client-id',
    clientSecret: opts.clientSecret ?? 'emulator-client-secret',
    webhookId: ctx.webhookId,
    certPem: cert.certPem,
    setWebhookUrl(url: string | undefined) { opts.webhookUrl = url; },
    /** Event types the configured webhook subscribes to (`*` = all, the default). */
    setWebhookEventTypes(types: string[] | undefined) { opts.webhookEventTypes = types; },
    advanceClock(seconds: number) { clockOffsetMs += seconds * 1000; },
    /** Makes every issued access token invalid (as after expiry) — the client must fetch a new one. */
    expireTokens() { for (const t of state.tokens.values()) t.expiresAt = 0; },
    /** The buyer approves (CHECKOUT.ORDER.APPROVED is sent); optionally decide how the capture goes. */
    approveOrder: (id: string, o: { email?: string; given_name?: string; surname?: string; captureOutcome?: CaptureOutcome } = {}) => {
      if (o.captureOutcome) state.captureOutcome.set(id, o.captureOutcome);
      return settled(approve(ctx, id, o));
    },
    setCaptureOutcome: (orderId: string, outcome: CaptureOutcome) => { state.captureOutcome.set(orderId, outcome); },
    completePendingCapture: (captureId: string) => settled(resolvePending(ctx, captureId, 'COMPLETED')),
    denyPendingCapture: (captureId: string) => settled(resolvePending(ctx, captureId, 'DENIED')),
    /** The buyer disputes a capture: CUSTOMER.DISPUTE.CREATED. */
    openDispute: (captureId: string, reason?: string) => settled(openDispute(ctx, captureId, reason)),
    events: (type?: string): Json[] => state.events.filter((e) => !type || e.event_type === type),
    get deliveries(): Delivery[] { return ctx.sender.deliveries; },
    pauseWebhooks: () => ctx.sender.pause(),
    flushWebhooks: (o?: { reverse?: boolean }) => ctx.sender.flush(o),
    idle: () => ctx.sender.idle(),
    ...webhookHelpers(ctx),
  };
}

export type PayPalEmulator = Awaited<ReturnType<typeof startPayPalEmulator>>;

/** Stand-in for PayPal's buyer pages: approve → return_url?token=&PayerID=, cancel → cancel_url?token=. */
function buyerPage(ctx: PayPalCtx, req: EmuRequest): EmuResponse {
  const id = req.url.searchParams.get('token') ?? '';
  const o = ctx.state.orders.get(id);
  if (!o) return html('PayPal', '<p id="error">Things don\'t appear to be working at the moment.</p>');
  const to = (base: string | undefined, params: Record<string, string>) => {
    if (!base) return html('PayPal', `<p id="status">${escapeHtml(JSON.stringify(params))}</p>`);
    const u = new URL(base);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return { status: 303, headers: { location: u.toString() }, body: '' };
  };
  if (req.method === 'POST' && req.path === '/checkoutnow/approve') {
    if (o.status === 'CREATED' || o.status === 'PAYER_ACTION_REQUIRED') approve(ctx, id);
    return to(o.__return, { token: id, PayerID: o.payer?.payer_id ?? '' });
  }
  if (req.method === 'POST' && req.path === '/checkoutnow/cancel') return to(o.__cancel, { token: id });
  const pu = o.purchase_units[0];
  return html('PayPal Checkout', `<h1>Pay ${escapeHtml(pu.amount.value)} ${escapeHtml(pu.amount.currency_code)}</h1>
<form method="post" action="/checkoutnow/approve?token=${id}"><button type="submit" name="approve">Approve</button></form>
<form method="post" action="/checkoutnow/cancel?token=${id}"><button type="submit" name="cancel">Cancel and return</button></form>`);
}
