/**
 * Webhook events and their transmission signature
 * (https://developer.paypal.com/api/rest/webhooks/rest/#link-eventnotificationheaders):
 * `paypal-transmission-sig` = base64 RSA-SHA256 over
 * `<transmission id>|<transmission time>|<webhook id>|<crc32 of raw body, decimal>` with the key of
 * the certificate at `paypal-cert-url` (reference: UNCONFIRMED offline details). The online check
 * is POST /v1/notifications/verify-webhook-signature, answering SUCCESS or FAILURE; it takes the
 * webhook's configured ID and the event as parsed JSON (PayPal re-serialises it).
 */
import { createVerify, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { DeliveryInput } from '../shared/webhook-sender.js';
import { PayPalError } from './paypal-errors.js';
import { clone, paypalId, type Json, type PayPalCtx } from './paypal-state.js';

export function buildEvent(ctx: PayPalCtx, eventType: string, resourceType: string, resource: Json, summary: string): Json {
  const id = `WH-${paypalId(17)}-${paypalId(17)}`;
  return {
    id, event_version: '1.0', create_time: ctx.nowIso(), resource_type: resourceType, resource_version: '2.0', event_type: eventType, summary,
    resource: clone(resource),
    links: [
      { href: `${ctx.baseUrl}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
      { href: `${ctx.baseUrl}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
    ],
  };
}

const signString = (tid: string, time: string, webhookId: string, body: string) => `${tid}|${time}|${webhookId}|${crc32(Buffer.from(body, 'utf8'))}`;

export function transmission(ctx: PayPalCtx, body: string, o: { webhookId?: string; key?: Parameters<typeof sign>[2]; ref: string; kind?: string }): DeliveryInput {
  const tid = randomUUID();
  const time = ctx.nowIso();
  const sig = sign('sha256', Buffer.from(signString(tid, time, o.webhookId ?? ctx.webhookId, body)), o.key ?? ctx.cert.privateKey).toString('base64');
  return {
    url: ctx.opts.webhookUrl!, body, ref: o.ref, kind: o.kind ?? 'normal',
    headers: {
      'content-type': 'application/json', 'user-agent': 'PayPal/AUHD-214.0-58316789',
      'paypal-transmission-id': tid, 'paypal-transmission-time': time, 'paypal-transmission-sig': sig,
      'paypal-cert-url': ctx.certUrl, 'paypal-auth-algo': 'SHA256withRSA', 'paypal-auth-version': 'v2',
    },
  };
}

const VerifyBody = z.object({
  auth_algo: z.string().min(1), cert_url: z.string().min(1), transmission_id: z.string().min(1), transmission_sig: z.string().min(1),
  transmission_time: z.string().min(1), webhook_id: z.string().min(1), webhook_event: z.record(z.string(), z.unknown()),
});

/** POST /v1/notifications/verify-webhook-signature. */
export function verifySignature(ctx: PayPalCtx, raw: unknown): Json {
  const parsed = VerifyBody.safeParse(raw);
  if (!parsed.success) {
    throw new PayPalError(400, parsed.error.issues.map((i) => ({ field: String(i.path[0]), location: 'body', issue: 'Required field cannot be blank' })), { name: 'VALIDATION_ERROR', message: 'Invalid request - see details' });
  }
  const b = parsed.data;
  let ok = b.auth_algo === 'SHA256withRSA' && b.cert_url === ctx.certUrl;
  if (ok) {
    const v = createVerify('sha256');
    v.update(signString(b.transmission_id, b.transmission_time, b.webhook_id, JSON.stringify(b.webhook_event)));
    try { ok = v.verify(ctx.cert.publicKey, b.transmission_sig, 'base64'); } catch { ok = false; }
  }
  // A signature made for another webhook ID also fails: the ID is inside the signed string.
  return { verification_status: ok ? 'SUCCESS' : 'FAILURE' };
}

export function webhookHelpers(ctx: PayPalCtx) {
  const eventById = (id: string) => {
    const e = ctx.state.events.find((x) => x.id === id);
    if (!e) throw new Error(`no event ${id}`);
    if (!ctx.opts.webhookUrl) throw new Error('no webhookUrl configured');
    return e;
  };
  const send = async (i: DeliveryInput) => (await ctx.sender.send(i))!;
  const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return {
    /** PayPal's own retry: same event, new transmission id, time and signature. */
    redeliver: (eventId: string) => send(transmission(ctx, JSON.stringify(eventById(eventId)), { ref: eventId, kind: 'retry' })),
    /** Byte-identical copy of the last genuine delivery (headers too): still verifies SUCCESS. */
    replay: (eventId: string) => {
      eventById(eventId);
      const last = [...ctx.sender.deliveries].reverse().find((d) => d.ref === eventId && (d.kind === 'normal' || d.kind === 'retry'));
      if (!last) throw new Error(`event ${eventId} was never delivered`);
      return send({ url: last.url, body: last.body, headers: last.headers, ref: eventId, kind: 'replay' });
    },
    /** Signed with a key that is not the certificate's. */
    deliverForged: (eventId: string) => send(transmission(ctx, JSON.stringify(eventById(eventId)), { key: attackerKey, ref: eventId, kind: 'forged' })),
    /** Signed, then the resource amount altered. */
    deliverTampered: (eventId: string) => {
      const e = clone(eventById(eventId));
      const signed = transmission(ctx, JSON.stringify(e), { ref: eventId });
      e.resource.custom_id = 'tampered';
      if (e.resource.amount) e.resource.amount.value = '0.01';
      return send({ ...signed, body: JSON.stringify(e), kind: 'tampered' });
    },
    /** Genuinely signed by PayPal, but for another webhook (another app's endpoint). */
    deliverForOtherWebhook: (eventId: string, otherWebhookId = 'WH-OTHER-APP') =>
      send(transmission(ctx, JSON.stringify(eventById(eventId)), { webhookId: otherWebhookId, ref: eventId, kind: 'other-webhook' })),
  };
}
