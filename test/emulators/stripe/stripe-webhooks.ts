/**
 * Events and signed webhook deliveries (https://docs.stripe.com/webhooks#verify-manually):
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one v1 per active
 * secret during rotation. Each attempt is signed afresh (a retry carries a new t). Delivery is
 * at-least-once and unordered (https://docs.stripe.com/webhooks#event-ordering), hence the
 * helpers to replay, reorder, forge and age deliveries.
 */
import { createHmac } from 'node:crypto';
import type { Delivery, DeliveryInput } from '../shared/webhook-sender.js';
import { clone, randomId, type Json, type StripeCtx } from './stripe-state.js';

export function signPayload(payload: string, secrets: string[], t: number): string {
  const sigs = secrets.map((s) => `v1=${createHmac('sha256', s).update(`${t}.${payload}`, 'utf8').digest('hex')}`);
  return [`t=${t}`, ...sigs].join(',');
}

export function secretsOf(ctx: StripeCtx): string[] {
  const s = ctx.opts.webhookSecret ?? 'whsec_emulator';
  return Array.isArray(s) ? s : [s];
}

export function buildEvent(ctx: StripeCtx, type: string, object: Json, previous?: Json, request?: { id: string | null; idempotency_key: string | null }): Json {
  const data: Json = { object: clone(object) };
  if (previous) data.previous_attributes = clone(previous);
  return {
    id: randomId('evt_'), object: 'event', api_version: ctx.apiVersion, created: ctx.nowSec(), data, livemode: false,
    pending_webhooks: ctx.opts.webhookUrl ? 1 : 0, request: request ?? { id: null, idempotency_key: null }, type,
  };
}

/** Stripe posts the event pretty-printed; the signature covers exactly these bytes. */
export const payloadOf = (event: Json) => JSON.stringify(event, null, 2);

function input(ctx: StripeCtx, event: Json, opts: { t?: number; secrets?: string[]; body?: string; kind?: string; header?: string } = {}): DeliveryInput {
  const body = opts.body ?? payloadOf(event);
  const t = opts.t ?? ctx.nowSec();
  return {
    url: ctx.opts.webhookUrl!,
    body,
    ref: String(event.id),
    kind: opts.kind ?? 'normal',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'cache-control': 'no-cache',
      ...(opts.header === '' ? {} : { 'stripe-signature': opts.header ?? signPayload(body, opts.secrets ?? secretsOf(ctx), t) }),
    },
  };
}

export function shouldDeliver(ctx: StripeCtx, type: string): boolean {
  const enabled = ctx.opts.enabledEvents ?? ['*'];
  return !!ctx.opts.webhookUrl && (enabled.includes('*') || enabled.includes(type));
}

export function deliverEvent(ctx: StripeCtx, event: Json): Promise<Delivery | undefined> {
  if (!shouldDeliver(ctx, event.type)) return Promise.resolve(undefined);
  return ctx.sender.send(input(ctx, event));
}

/** Re-sign helper for automatic retries: a fresh timestamp, same body. */
export function resign(ctx: StripeCtx, d: Delivery): DeliveryInput {
  const event = ctx.state.events.find((e) => e.id === d.ref);
  return event ? input(ctx, event, { body: d.body, kind: 'retry' }) : { url: d.url, body: d.body, headers: d.headers, ref: d.ref };
}

/** Test helpers for hostile or unusual deliveries. All resolve to the delivery record. */
export function webhookHelpers(ctx: StripeCtx) {
  const eventById = (id: string): Json => {
    const e = ctx.state.events.find((x) => x.id === id);
    if (!e) throw new Error(`no event ${id}`);
    if (!ctx.opts.webhookUrl) throw new Error('no webhookUrl configured');
    return e;
  };
  const now = async (i: DeliveryInput) => (await ctx.sender.send(i))!;
  return {
    /** Stripe's own retry: same event, freshly signed. */
    redeliver: (eventId: string) => now(input(ctx, eventById(eventId), { kind: 'retry' })),
    /** An attacker's replay: the byte-identical body and header of the last genuine delivery. */
    replay: (eventId: string) => {
      eventById(eventId);
      const last = [...ctx.sender.deliveries].reverse().find((d) => d.ref === eventId && (d.kind === 'normal' || d.kind === 'retry'));
      if (!last) throw new Error(`event ${eventId} was never delivered`);
      return now({ url: last.url, body: last.body, headers: last.headers, ref: eventId, kind: 'replay' });
    },
    /** Signed with a secret that is not the endpoint's. */
    deliverForged: (eventId: string, secret = 'whsec_attacker') => now(input(ctx, eventById(eventId), { secrets: [secret], kind: 'forged' })),
    /** Correctly signed but with an old timestamp (default 10 minutes, past the 300 s tolerance). */
    deliverStale: (eventId: string, ageSeconds = 600) => now(input(ctx, eventById(eventId), { t: ctx.nowSec() - ageSeconds, kind: 'stale' })),
    /** Signed body, then altered (amount changed) — the signature no longer matches. */
    deliverTampered: (eventId: string) => {
      const e = eventById(eventId);
      const signed = input(ctx, e);
      const altered = clone(e);
      altered.data.object.amount_total = (altered.data.object.amount_total ?? 0) + 1;
      altered.data.object.metadata = { ...(altered.data.object.metadata ?? {}), tampered: 'true' };
      return now({ ...signed, body: payloadOf(altered), kind: 'tampered' });
    },
    /** No Stripe-Signature header at all. */
    deliverUnsigned: (eventId: string) => now(input(ctx, eventById(eventId), { header: '', kind: 'unsigned' })),
    /** Any body and header, for cases the helpers above do not cover. */
    deliverRaw: (body: string, signatureHeader: string) => now({ url: ctx.opts.webhookUrl!, body, ref: 'raw', kind: 'raw', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signatureHeader } }),
  };
}
