import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { minorDigits } from '../../../lib/money.js';
import {
  NotificationRejected,
  type GatewayConfig,
  type PaymentGateway,
  type PaymentGatewayFactory,
  type PaymentStatus,
} from '../port.js';
import { PAYPAL_CURRENCIES, PAYPAL_NO_DECIMALS, roundUpTo } from '../currencies.js';

/**
 * PayPal Orders v2 over fetch (the official SDK cannot be pointed at another base URL).
 * Orders: https://developer.paypal.com/docs/api/orders/v2/
 * Refunds: https://developer.paypal.com/docs/api/payments/v2/#captures_refund
 * Webhook verification: https://developer.paypal.com/docs/api/webhooks/v1/#verify-webhook-signature_post
 */
export interface PayPalCredentials {
  clientId: string;
  clientSecret: string;
  /** The webhook's own id from the PayPal app settings (not an event's id). */
  webhookId: string;
}

const Link = z.object({ href: z.string(), rel: z.string() });
const Money = z.object({ currency_code: z.string(), value: z.string() });
const Capture = z.object({ id: z.string(), status: z.string(), amount: Money.optional() });
const Order = z.object({
  id: z.string(),
  status: z.string(),
  links: z.array(Link).optional().default([]),
  purchase_units: z.array(z.object({ custom_id: z.string().optional(), amount: Money.optional(), payments: z.object({ captures: z.array(Capture).optional() }).optional() })).optional(),
});
const Token = z.object({ access_token: z.string(), expires_in: z.number(), scope: z.string().optional() });

/** Scopes the app's features grant (https://developer.paypal.com/api/rest/authentication/; UNCONFIRMED names kept here). */
const SCOPE_PAYMENTS = 'https://uri.paypal.com/services/payments/payment/authcapture';
const RefundOut = z.object({ id: z.string(), status: z.string() });
const ErrorBody = z.object({ name: z.string().optional(), message: z.string().optional(), error: z.string().optional(), error_description: z.string().optional(), details: z.array(z.object({ issue: z.string().optional(), description: z.string().optional() })).optional() }).passthrough();
const WebhookDetails = z.object({ id: z.string(), url: z.string(), event_types: z.array(z.object({ name: z.string() })) });
/** What Foyer needs from the PayPal webhook (the dispute event is optional). */
const REQUIRED_WEBHOOK_EVENTS = ['CHECKOUT.ORDER.APPROVED', 'PAYMENT.CAPTURE.COMPLETED', 'PAYMENT.CAPTURE.DENIED', 'PAYMENT.CAPTURE.REFUNDED'];
const WebhookEvent = z.object({ id: z.string(), event_type: z.string(), resource: z.record(z.string(), z.any()) });

/** Foyer's UI languages as PayPal checkout locales (BCP 47 language-COUNTRY). */
const PAYPAL_LOCALES: Record<string, string> = { en: 'en-US', pl: 'pl-PL', ja: 'ja-JP', ru: 'ru-RU', ko: 'ko-KR' };

/** Foyer minor units → PayPal decimal string. HUF/JPY/TWD take no decimals. */
export function toPayPalValue(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (PAYPAL_NO_DECIMALS.has(currency)) return String(Math.ceil(amount / 10 ** digits));
  return (amount / 10 ** digits).toFixed(digits);
}

export function fromPayPalValue(value: string, currency: string): number {
  const digits = minorDigits(currency);
  return Math.round(Number(value) * 10 ** digits);
}

function captureState(status: string): PaymentStatus['state'] {
  if (status === 'COMPLETED') return 'paid';
  if (status === 'PENDING') return 'pending';
  if (status === 'DECLINED' || status === 'DENIED' || status === 'FAILED') return 'failed';
  return 'open';
}

function orderStatus(o: z.infer<typeof Order>): PaymentStatus {
  const cap = o.purchase_units?.[0]?.payments?.captures?.[0];
  if (cap) return { state: captureState(cap.status), captureRef: cap.id, amount: cap.amount ? fromPayPalValue(cap.amount.value, cap.amount.currency_code) : undefined, currency: cap.amount?.currency_code };
  if (o.status === 'APPROVED') return { state: 'approved' };
  if (o.status === 'VOIDED') return { state: 'expired' };
  return { state: 'open' };
}

export const paypalFactory: PaymentGatewayFactory<PayPalCredentials> = {
  id: 'paypal',
  currencies: PAYPAL_CURRENCIES,
  secretFields: ['clientSecret'],
  chargeable(amount, currency) {
    // PayPal has no documented minimum beyond one unit of the smallest denomination it takes.
    let a = Math.max(amount, 1);
    if (PAYPAL_NO_DECIMALS.has(currency)) a = roundUpTo(a, 10 ** minorDigits(currency));
    return a;
  },
  hint(raw) {
    try {
      const e = JSON.parse(raw.toString('utf8')) as { resource?: Record<string, any> };
      const r = e.resource ?? {};
      const up = (r.links as { rel: string; href: string }[] | undefined)?.find((l) => l.rel === 'up')?.href;
      const disputed = (r.disputed_transactions as { seller_transaction_id?: string }[] | undefined)?.[0]?.seller_transaction_id;
      return {
        orderId: r.custom_id ?? r.purchase_units?.[0]?.custom_id ?? null,
        providerRef: r.supplementary_data?.related_ids?.order_id ?? (r.purchase_units ? r.id : null),
        captureRef: disputed ?? (up ? up.split('/').pop() : null),
      };
    } catch {
      return {};
    }
  },
  create(creds, config): PaymentGateway {
    const base = config.paypalApiUrl.replace(/\/$/, '');
    let token: { value: string; until: number; scope: string | null } | null = null;

    async function accessToken(force = false): Promise<string> {
      if (!force && token && token.until > Date.now()) return token.value;
      let res: Response;
      try {
        res = await fetch(`${base}/v1/oauth2/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        });
      } catch (err) {
        throw new AppError('provider_unavailable', 502, `PayPal could not be reached (${(err as Error).message})`);
      }
      const body = await res.json().catch(() => ({}));
      if (res.status === 401 || res.status === 400) {
        const e = ErrorBody.safeParse(body);
        throw new AppError('provider_credentials_invalid', 422, `PayPal rejected the client id or secret: ${e.data?.error_description ?? e.data?.error ?? res.status}`, { fields: [{ field: 'clientSecret', message: 'PayPal did not accept this client id and secret' }] });
      }
      if (!res.ok) throw new AppError('provider_unavailable', 502, `PayPal token request failed with ${res.status}`);
      const t = Token.parse(body);
      token = { value: t.access_token, until: Date.now() + (t.expires_in - 60) * 1000, scope: t.scope ?? null };
      return token.value;
    }

    async function call<T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown, requestId?: string, action = 'process the payment'): Promise<z.infer<T>> {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${await accessToken(attempt > 0)}`,
            'content-type': 'application/json',
            prefer: 'return=representation',
            ...(requestId ? { 'paypal-request-id': requestId } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }).catch((err: Error) => { throw new AppError('provider_unavailable', 502, `PayPal could not be reached (${err.message})`); });
        const json = await res.json().catch(() => ({}));
        if (res.status === 401 && attempt === 0) continue; // token expired early: fetch a new one once
        if (res.ok) return schema.parse(json);
        const e = ErrorBody.safeParse(json);
        const issue = e.data?.details?.[0]?.issue ?? e.data?.name ?? String(res.status);
        const message = `PayPal refused to ${action}: ${issue}${e.data?.details?.[0]?.description ? ` (${e.data.details[0].description})` : ''}`;
        if (res.status >= 500 || res.status === 429) throw new AppError('provider_unavailable', 502, message);
        if (res.status === 403) {
          throw new AppError('provider_permission_missing', 422, `The PayPal app is not allowed to ${action} (${issue}); enable the feature in the app's settings on developer.paypal.com`, { provider: 'paypal', issue, fields: [{ field: 'clientId', message: `the app lacks the permission to ${action}` }] });
        }
        throw new AppError('provider_rejected', 422, message, { provider: 'paypal', issue });
      }
    }

    return {
      id: 'paypal',
      async start(input) {
        const o = await call('POST', '/v2/checkout/orders', Order, {
          intent: 'CAPTURE',
          purchase_units: [{
            reference_id: 'default',
            custom_id: input.orderId,
            invoice_id: input.orderId,
            description: input.description.slice(0, 127),
            amount: { currency_code: input.currency, value: toPayPalValue(input.amount, input.currency) },
          }],
          payment_source: { paypal: { experience_context: { return_url: input.returnUrl, cancel_url: input.returnUrl, user_action: 'PAY_NOW', shipping_preference: 'NO_SHIPPING', ...(input.locale && PAYPAL_LOCALES[input.locale] ? { locale: PAYPAL_LOCALES[input.locale] } : {}) } } },
        }, `foyer-order-${input.orderId}`, 'create the order');
        // With payment_source.paypal the buyer link is rel "payer-action", not "approve".
        const link = o.links.find((l) => l.rel === 'payer-action' || l.rel === 'approve');
        if (!link) throw new AppError('provider_unavailable', 502, 'PayPal returned no approval link');
        return { paymentUrl: link.href, providerRef: o.id };
      },
      async fetchStatus(ref) {
        return orderStatus(await call('GET', `/v2/checkout/orders/${encodeURIComponent(ref)}`, Order, undefined, undefined, 'read the order'));
      },
      async capture(ref, orderId) {
        try {
          return orderStatus(await call('POST', `/v2/checkout/orders/${encodeURIComponent(ref)}/capture`, Order, {}, `foyer-capture-${orderId}`, 'capture the payment'));
        } catch (err) {
          if (err instanceof AppError && (err.details as { issue?: string } | undefined)?.issue === 'ORDER_ALREADY_CAPTURED') return this.fetchStatus(ref, '');
          if (err instanceof AppError && (err.details as { issue?: string } | undefined)?.issue === 'INSTRUMENT_DECLINED') return { state: 'open' };
          throw err;
        }
      },
      async refund(input) {
        if (!input.captureRef) throw new AppError('refund_unavailable', 409, 'This PayPal order has no capture to refund');
        const body = input.amount === input.total ? { invoice_id: input.refundId } : { amount: { currency_code: input.currency, value: toPayPalValue(input.amount, input.currency) }, invoice_id: input.refundId };
        const r = await call('POST', `/v2/payments/captures/${encodeURIComponent(input.captureRef)}/refund`, RefundOut, body, `foyer-refund-${input.refundId}`, 'refund');
        return { providerRef: r.id, status: r.status === 'COMPLETED' ? 'succeeded' : r.status === 'CANCELLED' || r.status === 'FAILED' ? 'failed' : 'pending' };
      },
      async verifyNotification(raw, headers) {
        const h = (k: string) => { const v = headers[k]; return Array.isArray(v) ? v[0] : v; };
        let event: z.infer<typeof WebhookEvent>;
        try {
          event = WebhookEvent.parse(JSON.parse(raw.toString('utf8')));
        } catch {
          throw new NotificationRejected('not a PayPal webhook event');
        }
        const fields = { auth_algo: h('paypal-auth-algo'), cert_url: h('paypal-cert-url'), transmission_id: h('paypal-transmission-id'), transmission_sig: h('paypal-transmission-sig'), transmission_time: h('paypal-transmission-time') };
        if (Object.values(fields).some((v) => !v)) throw new NotificationRejected('PayPal transmission headers missing');
        const v = await call('POST', '/v1/notifications/verify-webhook-signature', z.object({ verification_status: z.string() }), { ...fields, webhook_id: creds.webhookId, webhook_event: JSON.parse(raw.toString('utf8')) }, undefined, 'verify the webhook');
        if (v.verification_status !== 'SUCCESS') throw new NotificationRejected('PayPal signature verification failed');
        const r = event.resource;
        switch (event.event_type) {
          case 'CHECKOUT.ORDER.APPROVED':
            return { kind: 'payment', eventId: event.id, orderId: r.purchase_units?.[0]?.custom_id ?? null, providerRef: String(r.id), status: { state: 'approved' } };
          case 'PAYMENT.CAPTURE.COMPLETED':
          case 'PAYMENT.CAPTURE.PENDING':
          case 'PAYMENT.CAPTURE.DECLINED':
          case 'PAYMENT.CAPTURE.DENIED':
            return {
              kind: 'payment', eventId: event.id, orderId: r.custom_id ?? null, providerRef: r.supplementary_data?.related_ids?.order_id ?? null,
              status: { state: captureState(String(r.status)), captureRef: String(r.id), amount: r.amount ? fromPayPalValue(r.amount.value, r.amount.currency_code) : undefined, currency: r.amount?.currency_code },
            };
          case 'PAYMENT.CAPTURE.REFUNDED': {
            const up = (r.links as { rel: string; href: string }[] | undefined)?.find((l) => l.rel === 'up')?.href;
            return { kind: 'refund', eventId: event.id, refundRef: String(r.id), foyerRefundId: typeof r.invoice_id === 'string' && r.invoice_id.startsWith('rfd_') ? r.invoice_id : null, captureRef: up ? up.split('/').pop()! : null, status: r.status === 'COMPLETED' ? 'succeeded' : r.status === 'PENDING' ? 'pending' : 'failed' };
          }
          case 'CUSTOMER.DISPUTE.CREATED': {
            // https://developer.paypal.com/docs/api/customer-disputes/v1/ — the disputed capture is the seller transaction.
            const captureRef = (r.disputed_transactions as { seller_transaction_id?: string }[] | undefined)?.[0]?.seller_transaction_id;
            if (!captureRef) return { kind: 'ignored', eventId: event.id, type: event.event_type };
            return { kind: 'dispute', eventId: event.id, captureRef, reason: typeof r.reason === 'string' ? r.reason : null };
          }
          default:
            return { kind: 'ignored', eventId: event.id, type: event.event_type };
        }
      },
      async validateCredentials() {
        await accessToken(true);
        // The token lists what the app may do; without "Accept payments" it cannot create or capture orders.
        if (token?.scope && !token.scope.split(' ').includes(SCOPE_PAYMENTS)) {
          throw new AppError('provider_permission_missing', 422, 'The PayPal app cannot accept payments (its token lacks the payments scope); turn on "Accept payments" in the app\'s features on developer.paypal.com', { fields: [{ field: 'clientId', message: 'the app lacks the Accept payments feature' }] });
        }
        if (!creds.webhookId) throw new AppError('invalid_input', 422, 'webhookId: the id of the webhook configured in the PayPal app is required', { fields: [{ field: 'webhookId', message: 'is required' }] });
        // The webhook must exist in this app and deliver the events Foyer completes orders from.
        let hook: z.infer<typeof WebhookDetails>;
        try {
          hook = await call('GET', `/v1/notifications/webhooks/${encodeURIComponent(creds.webhookId)}`, WebhookDetails, undefined, undefined, 'read the webhook');
        } catch (err) {
          if (err instanceof AppError && err.code === 'provider_rejected') {
            throw new AppError('invalid_input', 422, `webhookId: this PayPal app has no webhook ${creds.webhookId}; copy the id of the webhook pointing at ${config.appUrl}/webhooks/paypal`, { fields: [{ field: 'webhookId', message: 'no such webhook in this app' }] });
          }
          throw err;
        }
        const types = new Set(hook.event_types.map((t) => t.name));
        const missing = types.has('*') ? [] : REQUIRED_WEBHOOK_EVENTS.filter((t) => !types.has(t));
        if (missing.length) {
          throw new AppError('invalid_input', 422, `webhookId: the webhook does not send ${missing.join(', ')}; add these event types to it in the PayPal app`, { fields: [{ field: 'webhookId', message: `missing event types ${missing.join(', ')}` }] });
        }
      },
    };
  },
};
