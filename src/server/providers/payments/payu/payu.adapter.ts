import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import {
  NotificationRejected,
  type PaymentGateway,
  type PaymentGatewayFactory,
  type PaymentStatus,
} from '../port.js';
import { PAYU_CURRENCIES } from '../currencies.js';

/**
 * PayU Poland, REST API v2.1 over fetch (https://developers.payu.com/europe/api/).
 * PLN only; amounts are strings in grosze. Order create answers HTTP 302 with a JSON body
 * — never follow it; the buyer goes to `redirectUri`.
 * Notifications: https://developers.payu.com/europe/docs/payment-flows/lifecycle/#notifications
 * signed `OpenPayu-Signature: …;signature=hash(body + second key);algorithm=MD5|SHA-256`.
 */
export interface PayUCredentials {
  posId: string;
  /** OAuth client id; PayU uses the POS id unless told otherwise. */
  clientId?: string;
  clientSecret: string;
  /** "Second key (MD5)" that signs notifications. */
  secondKey: string;
}

const Token = z.object({ access_token: z.string(), expires_in: z.number() });
const Status = z.object({ statusCode: z.string(), statusDesc: z.string().optional(), code: z.string().optional() }).passthrough();
const Created = z.object({ status: Status, redirectUri: z.string(), orderId: z.string(), extOrderId: z.string().optional() });
const PayUOrder = z.object({ orderId: z.string(), extOrderId: z.string().optional(), status: z.string(), totalAmount: z.string(), currencyCode: z.string() }).passthrough();
const OrderRead = z.object({ orders: z.array(PayUOrder), status: Status });
const RefundCreated = z.object({ orderId: z.string(), refund: z.object({ refundId: z.string(), status: z.string() }).passthrough(), status: Status });
const Notification = z.union([
  z.object({ order: PayUOrder }).passthrough(),
  z.object({ orderId: z.string(), extOrderId: z.string().optional(), refund: z.object({ refundId: z.string(), status: z.string(), amount: z.string() }).passthrough() }),
]);

function orderState(status: string): PaymentStatus['state'] {
  if (status === 'COMPLETED') return 'paid';
  // Auto-receive off: the buyer paid, PayU waits for the shop to accept (capture) or cancel.
  if (status === 'WAITING_FOR_CONFIRMATION') return 'approved';
  if (status === 'CANCELED') return 'failed';
  return 'open'; // NEW, PENDING
}

/** `sender=checkout;signature=…;algorithm=MD5;content=DOCUMENT` → checks the hash in constant time. */
export function verifyPayUSignature(raw: Buffer, header: string | undefined, secondKey: string): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(';').map((kv) => kv.split('=') as [string, string]).filter((kv) => kv.length === 2).map(([k, v]) => [k.trim().toLowerCase(), v.trim()]));
  const algorithm = (parts.algorithm ?? 'MD5').toUpperCase().replace('-', '');
  const hash = algorithm === 'MD5' ? 'md5' : algorithm === 'SHA256' ? 'sha256' : null;
  if (!hash || !parts.signature) return false;
  const expected = createHash(hash).update(Buffer.concat([raw, Buffer.from(secondKey, 'utf8')])).digest();
  const given = Buffer.from(parts.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const payuFactory: PaymentGatewayFactory<PayUCredentials> = {
  id: 'payu',
  currencies: PAYU_CURRENCIES,
  secretFields: ['clientSecret', 'secondKey'],
  chargeable: (amount) => Math.max(amount, 1),
  hint(raw) {
    try {
      const n = JSON.parse(raw.toString('utf8')) as { order?: { orderId?: string; extOrderId?: string }; orderId?: string; extOrderId?: string };
      return { orderId: n.order?.extOrderId ?? n.extOrderId ?? null, providerRef: n.order?.orderId ?? n.orderId ?? null };
    } catch {
      return {};
    }
  },
  create(creds, config): PaymentGateway {
    const base = config.payuApiUrl.replace(/\/$/, '');
    let token: { value: string; until: number } | null = null;

    async function accessToken(force = false): Promise<string> {
      if (!force && token && token.until > Date.now()) return token.value;
      const res = await fetch(config.payuOAuthUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId || creds.posId, client_secret: creds.clientSecret }).toString(),
      }).catch((err: Error) => { throw new AppError('provider_unavailable', 502, `PayU could not be reached (${err.message})`); });
      const body = await res.json().catch(() => ({}));
      if (res.status === 401 || res.status === 400) {
        throw new AppError('provider_credentials_invalid', 422, `PayU rejected the POS id / client secret (${(body as { error_description?: string }).error_description ?? res.status})`, { fields: [{ field: 'clientSecret', message: 'PayU did not accept this POS id and client secret' }] });
      }
      if (!res.ok) throw new AppError('provider_unavailable', 502, `PayU token request failed with ${res.status}`);
      const t = Token.parse(body);
      token = { value: t.access_token, until: Date.now() + (t.expires_in - 60) * 1000 };
      return token.value;
    }

    async function call<T extends z.ZodType>(method: string, path: string, schema: T, body: unknown, action: string): Promise<z.infer<T>> {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${base}${path}`, {
          method,
          redirect: 'manual', // order create answers 302 + JSON: the redirect is for the buyer
          headers: { authorization: `Bearer ${await accessToken(attempt > 0)}`, 'content-type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }).catch((err: Error) => { throw new AppError('provider_unavailable', 502, `PayU could not be reached (${err.message})`); });
        const json = await res.json().catch(() => ({}));
        if (res.status === 401 && attempt === 0) continue;
        if (res.ok || res.status === 302) return schema.parse(json);
        const st = Status.safeParse((json as { status?: unknown }).status);
        const message = `PayU refused to ${action}: ${st.data?.statusCode ?? res.status}${st.data?.statusDesc ? ` (${st.data.statusDesc})` : ''}`;
        if (res.status >= 500) throw new AppError('provider_unavailable', 502, message);
        throw new AppError('provider_rejected', 422, message, { provider: 'payu', statusCode: st.data?.statusCode ?? null });
      }
    }

    return {
      id: 'payu',
      async start(input) {
        if (input.currency !== 'PLN') throw new AppError('currency_not_supported', 422, 'PayU takes PLN only');
        const created = await call('POST', '/api/v2_1/orders', Created, {
          notifyUrl: input.notifyUrl,
          continueUrl: input.returnUrl,
          customerIp: input.customerIp ?? '127.0.0.1',
          merchantPosId: creds.posId,
          description: input.description.slice(0, 255),
          currencyCode: 'PLN',
          totalAmount: String(input.amount),
          extOrderId: input.orderId,
          validityTime: String(Math.max(60, input.expiresInSeconds ?? 1800)),
          buyer: { email: input.buyerEmail, firstName: input.buyerFirstName, lastName: input.buyerLastName, language: input.locale ?? 'pl' },
          products: [{ name: input.description.slice(0, 255), unitPrice: String(input.amount), quantity: '1' }],
        }, 'create the order');
        return { paymentUrl: created.redirectUri, providerRef: created.orderId };
      },
      async fetchStatus(ref) {
        const r = await call('GET', `/api/v2_1/orders/${encodeURIComponent(ref)}`, OrderRead, undefined, 'read the order');
        const o = r.orders[0];
        if (!o) return { state: 'open' };
        return { state: orderState(o.status), captureRef: o.orderId, amount: Number(o.totalAmount), currency: o.currencyCode };
      },
      /**
       * Accepts a WAITING_FOR_CONFIRMATION payment (POS with auto-receive off), only ever for an
       * order that is still live: PUT /api/v2_1/orders/{orderId}/status {orderStatus: COMPLETED}.
       */
      async capture(ref) {
        await call('PUT', `/api/v2_1/orders/${encodeURIComponent(ref)}/status`, z.object({ status: Status }), { orderId: ref, orderStatus: 'COMPLETED' }, 'accept the payment').catch((err: unknown) => {
          // Accepted meanwhile (or cancelled): the status read below says which.
          if (!(err instanceof AppError) || err.status >= 500) throw err;
        });
        return this.fetchStatus(ref, 'PLN');
      },
      async cancel(ref) {
        await call('DELETE', `/api/v2_1/orders/${encodeURIComponent(ref)}`, z.any(), undefined, 'cancel the order').catch(() => undefined);
      },
      async refund(input) {
        const r = await call('POST', `/api/v2_1/orders/${encodeURIComponent(input.captureRef ?? input.providerRef)}/refunds`, RefundCreated, {
          refund: { description: (input.reason ?? 'Refund').slice(0, 255), ...(input.amount === input.total ? {} : { amount: String(input.amount) }), extRefundId: input.refundId },
        }, 'refund');
        return { providerRef: r.refund.refundId, status: r.refund.status === 'FINALIZED' ? 'succeeded' : r.refund.status === 'CANCELED' ? 'failed' : 'pending' };
      },
      async verifyNotification(raw, headers) {
        const h = headers['openpayu-signature'] ?? headers['x-openpayu-signature'];
        if (!verifyPayUSignature(raw, Array.isArray(h) ? h[0] : h, creds.secondKey)) throw new NotificationRejected('OpenPayu-Signature does not match');
        const n = Notification.parse(JSON.parse(raw.toString('utf8')));
        if ('order' in n) {
          const o = n.order;
          // PayU has no event id: statuses only move forward, so order + status identifies a notification.
          return { kind: 'payment', eventId: `order:${o.orderId}:${o.status}`, orderId: o.extOrderId ?? null, providerRef: o.orderId, status: { state: orderState(o.status), captureRef: o.orderId, amount: Number(o.totalAmount), currency: o.currencyCode } };
        }
        const st = n.refund.status === 'FINALIZED' ? 'succeeded' : n.refund.status === 'CANCELED' ? 'failed' : 'pending';
        return { kind: 'refund', eventId: `refund:${n.refund.refundId}:${n.refund.status}`, refundRef: n.refund.refundId, foyerRefundId: typeof n.refund.extRefundId === 'string' ? n.refund.extRefundId : null, captureRef: n.orderId, status: st };
      },
      async validateCredentials() {
        if (!/^\d+$/.test(creds.posId)) throw new AppError('invalid_input', 422, 'posId: the POS id is a number (merchantPosId)', { fields: [{ field: 'posId', message: 'must be the numeric POS id' }] });
        await accessToken(true);
      },
    };
  },
};
