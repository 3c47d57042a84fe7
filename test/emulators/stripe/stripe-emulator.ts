/**
 * Stateful Stripe API emulator for tests that drive the real `stripe` SDK:
 *   new Stripe(key, { host: '127.0.0.1', port: emu.port, protocol: 'http' })
 * stripe-mock keeps no state and sends no webhooks (reference, payments.md), hence this.
 * Request handling order mirrors Stripe's: auth → rate limit → permission → idempotency → work.
 */
import { startHttpServer, type EmuRequest, type EmuResponse, type FaultRule } from '../shared/http-server.js';
import { WebhookSender, type Delivery } from '../shared/webhook-sender.js';
import { authenticate, requirePermission, type StripeAuth } from './stripe-auth.js';
import { rateLimited, StripeApiError, stripePreset, unrecognizedUrl } from './stripe-errors.js';
import { asArray, asObject, parseForm, type FormObject } from './stripe-form.js';
import { lookup, save } from './stripe-idempotency.js';
import * as checkout from './stripe-checkout.js';
import { createDispute, createRefund, settleRefund } from './stripe-payments.js';
import { account, balance, createPrice, createProduct } from './stripe-catalog.js';
import { hostedPage } from './stripe-hosted-page.js';
import { buildEvent, deliverEvent, resign, secretsOf, signPayload, webhookHelpers } from './stripe-webhooks.js';
import { clone, newState, randomId, type Json, type Resource, type StripeCtx, type StripeEmulatorOptions, type StripeState } from './stripe-state.js';

export type { StripeEmulatorOptions, StripeState, Resource };
export { signPayload } from './stripe-webhooks.js';

type Route = {
  method: string;
  re: RegExp;
  perm: [Resource, 'read' | 'write'];
  run: (ctx: StripeCtx, m: RegExpExecArray, p: FormObject, r: { id: string; idempotency_key: string | null }, auth: StripeAuth) => Json;
};

const ROUTES: Route[] = [
  { method: 'POST', re: /^\/v1\/checkout\/sessions$/, perm: ['checkout_sessions', 'write'], run: (c, _m, p) => checkout.createSession(c, p) },
  { method: 'GET', re: /^\/v1\/checkout\/sessions\/([^/]+)$/, perm: ['checkout_sessions', 'read'], run: (c, m, p) => checkout.view(c, checkout.getSession(c, m[1]), p.expand) },
  { method: 'GET', re: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/, perm: ['checkout_sessions', 'read'], run: (c, m) => checkout.listOf(c.state.lineItems.get(checkout.getSession(c, m[1]).id) ?? [], m[0]) },
  { method: 'POST', re: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, perm: ['checkout_sessions', 'write'], run: (c, m, _p, r) => checkout.expireViaApi(c, m[1], r) },
  { method: 'POST', re: /^\/v1\/refunds$/, perm: ['refunds', 'write'], run: (c, _m, p, r) => createRefund(c, p, r) },
  { method: 'GET', re: /^\/v1\/refunds\/([^/]+)$/, perm: ['refunds', 'read'], run: (c, m) => found(c, c.state.refunds, 'refund', m[1]) },
  { method: 'GET', re: /^\/v1\/payment_intents\/([^/]+)$/, perm: ['payment_intents', 'read'], run: (c, m) => found(c, c.state.paymentIntents, 'payment_intent', m[1]) },
  { method: 'GET', re: /^\/v1\/charges\/([^/]+)$/, perm: ['charges', 'read'], run: (c, m) => found(c, c.state.charges, 'charge', m[1]) },
  { method: 'POST', re: /^\/v1\/products$/, perm: ['products', 'write'], run: (c, _m, p) => createProduct(c, p) },
  { method: 'GET', re: /^\/v1\/products\/([^/]+)$/, perm: ['products', 'read'], run: (c, m) => found(c, c.state.products, 'product', m[1]) },
  { method: 'POST', re: /^\/v1\/prices$/, perm: ['prices', 'write'], run: (c, _m, p) => createPrice(c, p) },
  { method: 'GET', re: /^\/v1\/prices\/([^/]+)$/, perm: ['prices', 'read'], run: (c, m) => found(c, c.state.prices, 'price', m[1]) },
  { method: 'GET', re: /^\/v1\/balance$/, perm: ['balance', 'read'], run: (c) => balance(c) },
  { method: 'GET', re: /^\/v1\/account$/, perm: ['accounts', 'read'], run: (c) => account(c) },
  { method: 'GET', re: /^\/v1\/events\/([^/]+)$/, perm: ['events', 'read'], run: (c, m) => found(c, new Map(c.state.events.map((e) => [e.id, e])), 'event', m[1]) },
];

function found(_c: StripeCtx, map: Map<string, Json>, kind: string, id: string): Json {
  const v = map.get(id);
  if (!v) throw new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${kind}: '${id}'`, doc_url: 'https://stripe.com/docs/error-codes/resource-missing' });
  return clone(v);
}

export async function startStripeEmulator(opts: StripeEmulatorOptions = {}) {
  const state = newState();
  let clockOffsetMs = 0;
  const nowMs = () => (opts.now ?? Date.now)() + clockOffsetMs;
  const hits = new Map<string, number[]>();
  const ctx: StripeCtx = {
    state, opts, accountId: opts.accountId ?? 'acct_1EmulatorFoyer00', apiVersion: opts.apiVersion ?? '2026-10-28.endive', baseUrl: '',
    sender: new WebhookSender({ retries: opts.webhookRetries ?? 0, resign: (d) => resign(ctx, d) }),
    nowSec: () => Math.floor(nowMs() / 1000),
    emit(type, object, previous, request) {
      const event = buildEvent(ctx, type, object, previous, request);
      state.events.push(event);
      void deliverEvent(ctx, event);
      return event;
    },
  };

  function rateLimit(key: string): void {
    const limit = opts.rateLimitPerSecond;
    if (!limit) return;
    const t = nowMs();
    const recent = (hits.get(key) ?? []).filter((x) => t - x < 1000);
    if (recent.length >= limit) throw rateLimited();
    recent.push(t);
    hits.set(key, recent);
  }

  async function handle(req: EmuRequest): Promise<EmuResponse> {
    const page = hostedPage(ctx, req);
    if (page) return page;
    const requestId = randomId('req_', 14);
    const idemKey = req.method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) : undefined;
    const headers: Record<string, string> = { 'request-id': requestId, 'stripe-version': String(req.headers['stripe-version'] ?? ctx.apiVersion) };
    if (idemKey) headers['idempotency-key'] = idemKey;
    const params = req.method === 'POST' ? parseForm(req.rawBody) : parseForm(req.url.searchParams);
    let res: EmuResponse;
    let keyUsed: string | undefined;
    try {
      const auth = authenticate(req.headers, opts);
      keyUsed = auth.key;
      rateLimit(auth.key);
      const route = ROUTES.find((r) => r.method === req.method && r.re.test(req.path));
      if (!route) throw unrecognizedUrl(req.method, req.path);
      const m = route.re.exec(req.path)!;
      requirePermission(auth, ctx.accountId, ...route.perm);
      if (route.perm[0] === 'checkout_sessions' && req.method === 'POST' && usesPriceData(params)) for (const r of opts.inlinePriceDataRequires ?? []) requirePermission(auth, ctx.accountId, r, 'write');
      if (route.perm[0] === 'refunds' && req.method === 'POST') for (const r of opts.refundRequires ?? []) requirePermission(auth, ctx.accountId, r, 'read');
      const scope = { store: state.idempotency, nowSec: ctx.nowSec(), accountId: ctx.accountId };
      const endpoint = `${req.method} ${req.path}`;
      const replay = idemKey ? lookup(scope, idemKey, endpoint, params) : undefined;
      if (replay) {
        res = { ...replay, headers: { ...headers, ...replay.headers } };
      } else {
        try {
          res = { status: 200, body: route.run(ctx, m, params, { id: requestId, idempotency_key: idemKey ?? null }, auth), headers };
          if (idemKey) save(scope, idemKey, endpoint, params, res);
        } catch (err) {
          if (!(err instanceof StripeApiError)) throw err;
          res = { ...err.toResponse(), headers: { ...headers, ...err.headers } };
          if (idemKey) save(scope, idemKey, endpoint, params, res, err);
        }
      }
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      res = { ...err.toResponse(), headers: { ...headers, ...err.headers } };
    }
    state.requests.push({ method: req.method, path: req.path, key: keyUsed, idempotencyKey: idemKey, params, status: res.status });
    return res;
  }

  const server = await startHttpServer({ port: opts.port, handler: handle, resolvePreset: (p) => stripePreset(p) });
  ctx.baseUrl = server.url;
  const hooks = webhookHelpers(ctx);
  /** Helpers that change state wait until the resulting webhooks were answered. */
  const settled = async <T>(v: T): Promise<T> => { await ctx.sender.idle(); return v; };

  return {
    url: server.url,
    port: server.port,
    state,
    setFault: (rule: FaultRule) => server.setFault(rule),
    clearFaults: () => server.clearFaults(),
    close: async () => { await ctx.sender.idle(); await server.close(); },
    /** The signing secret(s) to give the production webhook handler. */
    get webhookSecret(): string { return secretsOf(ctx)[0]; },
    setWebhookUrl(url: string | undefined) { opts.webhookUrl = url; },
    /** Moves the emulator clock (session expiry, idempotency TTL, webhook timestamps). */
    advanceClock(seconds: number) { clockOffsetMs += seconds * 1000; },
    /** Status of new refunds: 'succeeded' (cards, default) or 'pending' (settled later by settleRefund). */
    setRefundInitialStatus(status: 'succeeded' | 'pending') { opts.refundInitialStatus = status; },
    nowSec: () => ctx.nowSec(),
    completeSession: (id: string, o?: { delayed?: boolean; email?: string }) => settled(checkout.complete(ctx, id, o)),
    settleAsyncPayment: (id: string, outcome: 'succeeded' | 'failed') => settled(checkout.settleAsync(ctx, id, outcome)),
    declineSession: (id: string) => settled(checkout.decline(ctx, id)),
    expireSession: (id: string) => settled(checkout.expireNow(ctx, id)),
    expireDueSessions: () => settled(checkout.expireDue(ctx)),
    createDispute: (paymentIntentId: string, reason?: string) => settled(createDispute(ctx, paymentIntentId, reason)),
    settleRefund: (refundId: string, outcome: 'succeeded' | 'failed' | 'canceled') => settled(settleRefund(ctx, refundId, outcome)),
    events: (type?: string): Json[] => state.events.filter((e) => !type || e.type === type),
    get deliveries(): Delivery[] { return ctx.sender.deliveries; },
    pauseWebhooks: () => ctx.sender.pause(),
    flushWebhooks: (o?: { reverse?: boolean }) => ctx.sender.flush(o),
    idle: () => ctx.sender.idle(),
    ...hooks,
    /** Signs any payload with the endpoint secret(s), as Stripe would at time t. */
    sign: (payload: string, t = ctx.nowSec()) => signPayload(payload, secretsOf(ctx), t),
  };
}

export type StripeEmulator = Awaited<ReturnType<typeof startStripeEmulator>>;

function usesPriceData(p: FormObject): boolean {
  return (asArray(p.line_items) ?? []).some((li) => asObject(li)?.price_data !== undefined);
}
