/**
 * Notifications (https://developers.payu.com/europe/docs/get-started/integration-overview/notifications/):
 * PayU POSTs the order (or refund) JSON to notifyUrl with
 * `OpenPayu-Signature: sender=checkout;signature=<hex>;algorithm=MD5;content=DOCUMENT`, where
 * signature = hash(raw body + second key) (PayU's PHP SDK `verifySignature`). It expects 200 and
 * otherwise retries; notifications may come twice or out of order, and statuses only move forward.
 */
import { createHash } from 'node:crypto';
import type { DeliveryInput, WebhookSender } from '../shared/webhook-sender.js';
import type { PayUCtx } from './payu-state.js';

export function signature(body: string, key: string, algorithm: string): string {
  const alg = algorithm === 'MD5' ? 'md5' : algorithm === 'SHA-256' || algorithm === 'SHA256' ? 'sha256' : 'sha1';
  return createHash(alg).update(body + key, 'utf8').digest('hex');
}

export function headerFor(body: string, key: string, algorithm: string): string {
  return `sender=checkout;signature=${signature(body, key, algorithm)};algorithm=${algorithm};content=DOCUMENT`;
}

export function notificationInput(ctx: PayUCtx, url: string, body: string, ref: string, o: { key?: string; kind?: string } = {}): DeliveryInput {
  const header = headerFor(body, o.key ?? ctx.opts.secondKey ?? 'emulator-second-key', ctx.opts.signatureAlgorithm ?? 'MD5');
  // PayU sends the signature under both names.
  return { url, body, ref, kind: o.kind ?? 'normal', headers: { 'content-type': 'application/json;charset=UTF-8', 'openpayu-signature': header, 'x-openpayu-signature': header } };
}

export function notificationHelpers(ctx: PayUCtx, sender: WebhookSender) {
  const byRef = (ref: string) => {
    const n = ctx.state.notifications.find((x) => x.ref === ref);
    if (!n) throw new Error(`no notification ${ref}`);
    return n;
  };
  const send = async (i: DeliveryInput) => (await sender.send(i))!;
  return {
    /** PayU's own retry: the same body and (deterministic) signature again. */
    redeliver: (ref: string) => { const n = byRef(ref); return send(notificationInput(ctx, n.url, n.body, ref, { kind: 'retry' })); },
    /** Signed with a key that is not the POS's second key. */
    deliverForged: (ref: string, key = 'not-the-second-key') => { const n = byRef(ref); return send(notificationInput(ctx, n.url, n.body, ref, { key, kind: 'forged' })); },
    /** Signed, then the status and amount altered (e.g. CANCELED → COMPLETED). */
    deliverTampered: (ref: string, patch: Record<string, unknown> = { status: 'COMPLETED', totalAmount: '1' }) => {
      const n = byRef(ref);
      const signed = notificationInput(ctx, n.url, n.body, ref);
      const parsed = JSON.parse(n.body);
      Object.assign(parsed.order ?? parsed.refund, patch);
      return send({ ...signed, body: JSON.stringify(parsed), kind: 'tampered' });
    },
    /** No signature header at all. */
    deliverUnsigned: (ref: string) => { const n = byRef(ref); return send({ url: n.url, body: n.body, ref, kind: 'unsigned', headers: { 'content-type': 'application/json;charset=UTF-8' } }); },
  };
}
