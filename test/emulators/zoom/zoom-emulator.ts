// Zoom API emulator: `startZoomEmulator()` serves Server-to-Server OAuth (`POST /oauth/token`) and
// the REST API under `/v2` on 127.0.0.1, backed by an inspectable in-memory model. Behaviour follows
// /work/shared/reference/zoom.md; see README.md next to this file for what is and isn't modelled.
// Request pipeline: log → count → fault injection → auth (401/124) → scope (4711) →
// rate limit (429) → JSON body → handler → reply.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZoomError, errors, type Reply } from './errors.js';
import { parseJson, readBody, sendReply } from './http.js';
import { authenticate, checkScope, tokenEndpoint } from './oauth.js';
import { endpointKey, matchApiRoute } from './routes.js';
import { RateLimiter, injected429 } from './rate-limits.js';
import { addFault, faultBody, sleep, takeFault } from './faults.js';
import { handleControl } from './control.js';
import { createPortal, type Portal } from './portal.js';
import { postWebhook, validateEndpoint, WebhookDispatcher, type SendOptions, type WebhookResult } from './webhooks.js';
import { createState, DEFAULT_ACCOUNT, type Env, type ResolvedOptions, type ZoomState } from './state.js';
import type { FaultRule, RequestLogEntry, WebhookTarget, ZoomEmulatorOptions } from './types.js';

export interface ZoomEmulator {
  /** Base URL, e.g. `http://127.0.0.1:53211`; use it as ZOOM_OAUTH_URL. */
  url: string;
  port: number;
  /** `api_url` + `/v2`, the base the production client derives from the token response. */
  apiBaseUrl: string;
  /** Credentials of the first account. */
  credentials: { accountId: string; clientId: string; clientSecret: string };
  state: ZoomState;
  /** Changes made "in Zoom's web portal" (they raise webhooks, skip auth and limits). */
  portal: Portal;
  setFault(rule: FaultRule): string;
  clearFaults(): void;
  setWebhookTarget(target: WebhookTarget | null): void;
  /** Posts one event signed like Zoom; `payload` is the event's `payload` object. */
  sendWebhook(targetUrl: string, event: string, payload: Record<string, unknown>, secretToken: string, opts?: SendOptions): Promise<WebhookResult>;
  /** Sends `endpoint.url_validation` and checks the answer. */
  validateWebhookEndpoint(targetUrl: string, secretToken: string): Promise<{ ok: boolean; status?: number; plainToken: string; received: unknown }>;
  /** Sends a recorded delivery again with a fresh timestamp, as Zoom's retries do. */
  redeliverWebhook(deliveryId: string, secretToken?: string): Promise<WebhookResult>;
  /** Resolves when auto-sent webhooks queued so far have been attempted. */
  webhooksIdle(): Promise<void>;
  /** Attempts on an endpoint, e.g. `callCount('POST /meetings/{meetingId}/registrants')`. */
  callCount(endpoint: string): number;
  now(): number;
  advanceTime(ms: number): void;
  expireTokens(): void;
  /** Scopes granted to the app; tokens issued afterwards carry them. */
  setScopes(scopes: string[], accountId?: string): void;
  close(): Promise<void>;
}

export async function startZoomEmulator(options: ZoomEmulatorOptions = {}): Promise<ZoomEmulator> {
  let offset = 0;
  const clock = options.now ?? Date.now;
  const now = () => clock() + offset;
  const resolved: ResolvedOptions = {
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
    missingScopeStatus: options.missingScopeStatus ?? 400,
    invalidatePreviousTokens: options.invalidatePreviousTokens ?? false,
    duplicateRegistrant: options.duplicateRegistrant ?? 'return-existing',
    cancelledRegistrantsListedAs: options.cancelledRegistrantsListedAs ?? 'denied',
    batchSuccessStatus: options.batchSuccessStatus ?? 201,
    requestLogLimit: options.requestLogLimit ?? 10_000,
    apiUrl: options.apiUrl,
  };
  const seeds = options.accounts?.length ? options.accounts : [DEFAULT_ACCOUNT];
  const state = createState(seeds, now());
  let baseUrl = '';
  const dispatcher = new WebhookDispatcher(() => env);
  const env: Env = {
    state, options: resolved, limits: new RateLimiter(options.rateLimits ?? {}, now), now,
    baseUrl: () => baseUrl, emit: (evt) => dispatcher.emit(evt, env.webhookTarget), webhookTarget: options.webhook ?? null,
  };
  const hanging = new Set<ServerResponse>();

  function log(entry: RequestLogEntry): void {
    state.requestLog.push(entry);
    if (state.requestLog.length > resolved.requestLogLimit) state.requestLog.splice(0, state.requestLog.length - resolved.requestLogLimit);
  }

  function hang(res: ServerResponse): void {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
  }

  function process(req: IncomingMessage, method: string, url: URL, raw: string, entry: RequestLogEntry): Reply {
    try {
      if (url.pathname === '/oauth/token') {
        return method === 'POST' ? tokenEndpoint(env, req, url.searchParams, raw) : { status: 405, body: { reason: 'Method Not Allowed', error: 'invalid_request' } };
      }
      const match = matchApiRoute(method, url.pathname);
      if (match === 'methodNotAllowed') return { status: 405, body: { code: 405, message: 'Method Not Allowed.' } };
      if (!match) return errors.notFound().toReply();
      const token = authenticate(env, req);
      const account = state.accounts.get(token.accountId)!;
      entry.accountId = account.accountId;
      checkScope(env, token, match.def.scope[0], match.def.scope[1]);
      const limitHeaders = env.limits.check(account, match.def.category);
      const body = method === 'GET' || method === 'DELETE' ? undefined : parseJson(raw);
      const reply = match.def.handle({ env, req, account, token, params: match.params, query: url.searchParams, body });
      return { ...reply, headers: { ...limitHeaders, ...reply.headers } };
    } catch (e) {
      if (e instanceof ZoomError) return e.toReply();
      // An emulator bug: make it loud rather than silently "Zoom-like".
      return { status: 500, body: { code: 500, message: `emulator error: ${e instanceof Error ? e.stack : String(e)}` } };
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/__emulator/')) return sendReply(res, handleControl(api, method, url.pathname, raw));
    if (method === 'GET' && /^\/(j|w|s|meeting\/register|webinar\/register)\/[^/]+$/.test(url.pathname)) {
      // Join/start/registration links point here so e2e tests can follow them.
      return sendReply(res, { status: 200, body: `<!doctype html><title>Zoom emulator</title><p>Zoom emulator: ${url.pathname}</p>` });
    }
    const entry: RequestLogEntry = { at: now(), method, path: url.pathname, query: url.search, endpoint: null, status: null };
    log(entry);
    if (raw) entry.requestBody = safeJson(raw);
    const match = url.pathname === '/oauth/token' ? null : matchApiRoute(method, url.pathname);
    const def = match && match !== 'methodNotAllowed' ? match.def : null;
    entry.endpoint = url.pathname === '/oauth/token' ? `${method} /oauth/token` : def ? endpointKey(def) : null;
    if (entry.endpoint) state.calls.set(entry.endpoint, (state.calls.get(entry.endpoint) ?? 0) + 1);
    const template = url.pathname === '/oauth/token' ? '/oauth/token' : def ? `/v2${def.template}` : null;
    const fault = takeFault(state, method, url.pathname, template);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'hang') return hang(res);
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'delay') await sleep(fault.ms);
    let reply: Reply;
    if (fault?.kind === 'error') reply = { status: fault.status ?? 500, body: faultBody(fault.status ?? 500, fault.body), headers: fault.headers };
    else if (fault?.kind === 'rate-limit') reply = injected429(fault, now()).toReply();
    else reply = process(req, method, url, raw, entry);
    if (fault?.kind === 'commit-then-hang') return hang(res);
    if (fault?.kind === 'commit-then-reset') return void req.socket.destroy();
    entry.status = reply.status;
    entry.responseBody = reply.body;
    sendReply(res, reply);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendReply(res, { status: 500, body: { code: 500, message: String(e) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  const first = state.accounts.values().next().value!;

  const api: ZoomEmulator = {
    url: baseUrl,
    port,
    apiBaseUrl: `${resolved.apiUrl ?? baseUrl}/v2`,
    credentials: { accountId: first.accountId, clientId: first.clientId, clientSecret: first.clientSecret },
    state,
    portal: createPortal(env),
    setFault: (rule) => addFault(state, rule),
    clearFaults: () => void state.faults.splice(0),
    setWebhookTarget: (target) => void (env.webhookTarget = target),
    sendWebhook: (targetUrl, event, payload, secretToken, opts) =>
      postWebhook(state, targetUrl, { event, payload: { account_id: first.accountId, ...payload }, event_ts: now() }, secretToken, now(), opts),
    validateWebhookEndpoint: (targetUrl, secretToken) => validateEndpoint(state, targetUrl, secretToken, now()),
    async redeliverWebhook(deliveryId, secretToken) {
      const d = state.webhookDeliveries.find((x) => x.id === deliveryId);
      const secret = secretToken ?? env.webhookTarget?.secretToken;
      if (!d || !secret) throw new Error(`Unknown delivery ${deliveryId} or no secret token`);
      return postWebhook(state, d.url, JSON.parse(d.body) as Record<string, unknown>, secret, now());
    },
    webhooksIdle: () => dispatcher.idle(),
    callCount: (endpoint) => state.calls.get(endpoint) ?? 0,
    now,
    advanceTime: (ms) => void (offset += ms),
    expireTokens() {
      for (const t of state.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now());
    },
    setScopes(scopes, accountId) {
      const account = state.accounts.get(accountId ?? first.accountId);
      if (!account) throw new Error(`Unknown account ${accountId}`);
      account.scopes = [...scopes];
    },
    async close() {
      for (const res of hanging) res.destroy();
      await dispatcher.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export { DEFAULT_ACCOUNT, FOYER_SCOPES } from './state.js';
export { signZoomWebhook, urlValidationAnswer, verifyZoomWebhook } from './webhooks.js';
export { listEndpoints } from './routes.js';
export type * from './types.js';
