// Webhooks signed exactly like Zoom (https://developers.zoom.us/docs/api/webhooks/, reference/zoom.md
// "Webhooks"): `x-zm-request-timestamp` and `x-zm-signature: v0=HMAC-SHA256(secret,
// "v0:{timestamp}:{rawBody}")` in hex; URL validation answers `{plainToken, encryptedToken:
// hex(HMAC-SHA256(secret, plainToken))}`. Zoom waits about 3 s for a 200/204.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Env, ZoomEvent, ZoomState } from './state.js';
import type { WebhookDelivery, WebhookTarget } from './types.js';

export const signZoomWebhook = (secret: string, timestamp: string, rawBody: string): string =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;

/** What an endpoint must answer to `endpoint.url_validation`. */
export const urlValidationAnswer = (plainToken: string, secret: string) => ({
  plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex'),
});

/** Verifier mirroring what Foyer must do: constant-time compare, refuse stale timestamps (s or ms). */
export function verifyZoomWebhook(args: { secret: string; timestamp: string; rawBody: string; signature: string; now?: number; maxAgeSeconds?: number }): boolean {
  const expected = Buffer.from(signZoomWebhook(args.secret, args.timestamp, args.rawBody));
  const given = Buffer.from(args.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const ts = Number(args.timestamp);
  const ms = ts > 1e12 ? ts : ts * 1000;
  return Math.abs((args.now ?? Date.now()) - ms) <= (args.maxAgeSeconds ?? 300) * 1000;
}

export interface SendOptions {
  /** Epoch ms used for `x-zm-request-timestamp` (default: now) — set it old to test staleness. */
  at?: number;
  timestampUnit?: 's' | 'ms';
  /** Replace the signature (e.g. a wrong one) to test rejection. */
  signature?: string;
  timeoutMs?: number;
}

export interface WebhookResult {
  delivery: WebhookDelivery;
  status?: number;
  body?: string;
}

/** Posts one signed event and records it in `state.webhookDeliveries`. */
export async function postWebhook(state: ZoomState, url: string, body: Record<string, unknown>, secret: string, now: number, opts: SendOptions = {}): Promise<WebhookResult> {
  const at = opts.at ?? now;
  const timestamp = String(opts.timestampUnit === 'ms' ? at : Math.floor(at / 1000));
  const raw = JSON.stringify(body);
  const delivery: WebhookDelivery = {
    id: randomUUID(), at: now, url, event: String(body.event), body: raw, timestamp,
    signature: opts.signature ?? signZoomWebhook(secret, timestamp, raw),
  };
  state.webhookDeliveries.push(delivery);
  try {
    const res = await fetch(url, {
      method: 'POST', body: raw, signal: AbortSignal.timeout(opts.timeoutMs ?? 3000),
      headers: {
        'content-type': 'application/json; charset=utf-8', 'user-agent': 'Zoom Marketplace/1.0a',
        'x-zm-request-timestamp': timestamp, 'x-zm-signature': delivery.signature,
        'x-zm-trackingid': `emu_${randomUUID()}`,
      },
    });
    delivery.status = res.status;
    delivery.responseBody = await res.text();
    return { delivery, status: res.status, body: delivery.responseBody };
  } catch (e) {
    delivery.error = e instanceof Error ? e.message : String(e);
    return { delivery };
  }
}

/** Sends `endpoint.url_validation` and checks the endpoint's answer. */
export async function validateEndpoint(state: ZoomState, url: string, secret: string, now: number) {
  const plainToken = randomBytes(16).toString('base64url');
  const result = await postWebhook(state, url, { event: 'endpoint.url_validation', payload: { plainToken }, event_ts: now }, secret, now);
  const expected = urlValidationAnswer(plainToken, secret);
  let received: unknown;
  try {
    received = result.body ? JSON.parse(result.body) : undefined;
  } catch {
    received = result.body;
  }
  const r = received as { plainToken?: unknown; encryptedToken?: unknown } | undefined;
  const ok = result.status === 200 && r?.plainToken === plainToken && r?.encryptedToken === expected.encryptedToken;
  return { ok, status: result.status, plainToken, expected, received };
}

/** Auto-sends events raised by state changes to the configured target, in order. */
export class WebhookDispatcher {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: () => Env) {}

  emit(evt: ZoomEvent, target: WebhookTarget | null): void {
    if (!target || (target.events && !target.events.includes(evt.event))) return;
    const env = this.env();
    const operator = env.state.users.get(evt.operatorId);
    const body = {
      event: evt.event, event_ts: env.now(),
      payload: { account_id: evt.accountId, operator: operator?.email ?? '', operator_id: evt.operatorId, ...evt.payload },
    };
    this.chain = this.chain.then(() => postWebhook(env.state, target.url, body, target.secretToken, env.now(), { timestampUnit: target.timestampUnit }));
  }

  /** Resolves once every queued delivery has been attempted. */
  async idle(): Promise<void> {
    let current: Promise<unknown>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }
}
