import Stripe from 'stripe';
import { AppError } from '../../../lib/errors.js';
import {
  NotificationRejected,
  type GatewayConfig,
  type NotificationHint,
  type PaymentGateway,
  type PaymentGatewayFactory,
  type PaymentNotification,
  type PaymentStatus,
} from '../port.js';
import { STRIPE_CURRENCIES, STRIPE_MINIMUM_CHARGE, STRIPE_WHOLE_UNITS_IN_CENTS, defaultMinimum, roundUpTo } from '../currencies.js';

/**
 * Stripe Checkout through the official SDK (https://docs.stripe.com/api/checkout/sessions).
 * A restricted key with Checkout Sessions, Products and Prices write sells; refunds need
 * Refunds write. Foyer minor units equal Stripe's for every Foyer currency: JPY/KRW are
 * zero-decimal in both (https://docs.stripe.com/currencies#zero-decimal); HUF is sent in
 * hundredths but must be whole forints.
 */
export interface StripeCredentials {
  secretKey: string;
  webhookSecret: string;
}

type Headers = Record<string, string | string[] | undefined>;

function sdk(creds: StripeCredentials, config: GatewayConfig): Stripe {
  const { host, port, protocol } = config.stripe;
  return new Stripe(creds.secretKey, {
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(protocol ? { protocol } : {}),
    telemetry: false,
    maxNetworkRetries: 2,
  });
}

/** Turns SDK errors into messages an organiser can act on (422 for credential problems). */
function explain(err: unknown, action: string): never {
  if (err instanceof Stripe.errors.StripeAuthenticationError) {
    throw new AppError('provider_credentials_invalid', 422, `Stripe rejected the API key: ${err.message}`, { fields: [{ field: 'secretKey', message: 'is not a valid Stripe key' }] });
  }
  if (err instanceof Stripe.errors.StripePermissionError) {
    throw new AppError('provider_permission_missing', 422, `The Stripe key cannot ${action}: ${err.message} Add the permission to the restricted key in the Stripe dashboard.`, { fields: [{ field: 'secretKey', message: `lacks the permission to ${action}` }] });
  }
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    throw new AppError('provider_rejected', 422, `Stripe refused to ${action}: ${err.message}`, { provider: 'stripe', code: err.code ?? null });
  }
  if (err instanceof Stripe.errors.StripeError) {
    throw new AppError('provider_unavailable', 502, `Stripe could not ${action} right now (${err.message}); try again`);
  }
  throw err;
}

function sessionStatus(s: Stripe.Checkout.Session): PaymentStatus {
  const captureRef = typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null);
  const base = { captureRef, amount: s.amount_total ?? undefined, currency: s.currency?.toUpperCase() };
  if (s.status === 'expired') return { state: 'expired', ...base };
  if (s.payment_status === 'paid' || s.payment_status === 'no_payment_required') return { state: 'paid', ...base };
  if (s.status === 'complete') return { state: 'pending', ...base }; // delayed payment method, not settled yet
  return { state: 'open', ...base };
}

export const stripeFactory: PaymentGatewayFactory<StripeCredentials> = {
  id: 'stripe',
  currencies: STRIPE_CURRENCIES,
  secretFields: ['secretKey', 'webhookSecret'],
  chargeable(amount, currency) {
    let a = Math.max(amount, STRIPE_MINIMUM_CHARGE[currency] ?? defaultMinimum(currency));
    if (STRIPE_WHOLE_UNITS_IN_CENTS.has(currency)) a = roundUpTo(a, 100);
    return a;
  },
  hint(raw) {
    try {
      const e = JSON.parse(raw.toString('utf8')) as { data?: { object?: Record<string, unknown> } };
      const o = e.data?.object ?? {};
      const meta = (o.metadata ?? {}) as Record<string, string>;
      const object = String(o.object ?? '');
      return {
        orderId: meta.foyer_order_id ?? (o.client_reference_id as string | undefined) ?? null,
        providerRef: object === 'checkout.session' ? String(o.id) : null,
        captureRef: typeof o.payment_intent === 'string' ? o.payment_intent : null,
        refundRef: object === 'refund' ? String(o.id) : null,
      } satisfies NotificationHint;
    } catch {
      return {};
    }
  },
  create(creds, config): PaymentGateway {
    const stripe = sdk(creds, config);
    return {
      id: 'stripe',
      async start(input) {
        try {
          const session = await stripe.checkout.sessions.create(
            {
              mode: 'payment',
              line_items: [{ price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amount, product_data: { name: input.description.slice(0, 250) } }, quantity: 1 }],
              success_url: `${input.returnUrl}?session_id={CHECKOUT_SESSION_ID}`,
              cancel_url: input.returnUrl,
              customer_email: input.buyerEmail,
              client_reference_id: input.orderId,
              metadata: { foyer_order_id: input.orderId },
              payment_intent_data: { metadata: { foyer_order_id: input.orderId } },
              // Foyer's UI languages are all Checkout locales (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-locale).
              ...(input.locale && ['en', 'pl', 'ja', 'ru', 'ko'].includes(input.locale) ? { locale: input.locale as Stripe.Checkout.SessionCreateParams.Locale } : {}),
              // Stripe allows 30 min – 24 h; the seat hold decides, clamped into that window.
              expires_at: Math.floor(Date.now() / 1000) + Math.max(31 * 60, Math.min(input.expiresInSeconds ?? 1860, 23 * 3600)),
            },
            { idempotencyKey: `foyer-checkout-${input.orderId}` },
          );
          if (!session.url) throw new Error('Stripe returned a session without url');
          return { paymentUrl: session.url, providerRef: session.id };
        } catch (err) {
          explain(err, 'create Checkout Sessions');
        }
      },
      async fetchStatus(ref) {
        try {
          return sessionStatus(await stripe.checkout.sessions.retrieve(ref));
        } catch (err) {
          explain(err, 'read Checkout Sessions');
        }
      },
      async cancel(ref) {
        try {
          const s = await stripe.checkout.sessions.retrieve(ref);
          if (s.status === 'open') await stripe.checkout.sessions.expire(ref);
        } catch {
          // Best effort: an unexpired session still cannot complete a Foyer order that expired without the late-payment policy.
        }
      },
      async refund(input) {
        if (!input.captureRef) throw new AppError('refund_unavailable', 409, 'This Stripe payment has no PaymentIntent to refund');
        try {
          const r = await stripe.refunds.create(
            { payment_intent: input.captureRef, amount: input.amount, metadata: { foyer_order_id: input.orderId, foyer_refund_id: input.refundId } },
            { idempotencyKey: `foyer-refund-${input.refundId}` },
          );
          return { providerRef: r.id, status: r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' || r.status === 'canceled' ? 'failed' : 'pending' };
        } catch (err) {
          explain(err, 'create refunds (Refunds: write)');
        }
      },
      async verifyNotification(raw, headers: Headers): Promise<PaymentNotification> {
        let event: Stripe.Event;
        try {
          // https://docs.stripe.com/webhooks#verify-official-libraries — 300 s tolerance.
          event = stripe.webhooks.constructEvent(raw, String(headers['stripe-signature'] ?? ''), creds.webhookSecret);
        } catch (err) {
          throw new NotificationRejected((err as Error).message);
        }
        const o = event.data.object as unknown as Record<string, unknown>;
        switch (event.type) {
          case 'checkout.session.completed':
          case 'checkout.session.async_payment_succeeded':
          case 'checkout.session.async_payment_failed':
          case 'checkout.session.expired': {
            const s = event.data.object as Stripe.Checkout.Session;
            let status = sessionStatus(s);
            if (event.type === 'checkout.session.async_payment_failed') status = { ...status, state: 'failed' };
            return { kind: 'payment', eventId: event.id, orderId: s.metadata?.foyer_order_id ?? s.client_reference_id ?? null, providerRef: s.id, status };
          }
          case 'refund.created':
          case 'refund.updated':
          case 'refund.failed': {
            const r = event.data.object as Stripe.Refund;
            const st = r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' || r.status === 'canceled' ? 'failed' : 'pending';
            return { kind: 'refund', eventId: event.id, refundRef: r.id, foyerRefundId: r.metadata?.foyer_refund_id ?? null, captureRef: typeof r.payment_intent === 'string' ? r.payment_intent : null, status: st };
          }
          case 'charge.dispute.created': {
            const d = event.data.object as Stripe.Dispute;
            const pi = typeof d.payment_intent === 'string' ? d.payment_intent : (d.payment_intent?.id ?? '');
            return { kind: 'dispute', eventId: event.id, captureRef: pi, reason: d.reason ?? null };
          }
          default:
            return { kind: 'ignored', eventId: event.id, type: `${event.type}:${String(o.id ?? '')}` };
        }
      },
      async validateCredentials() {
        if (!/^(sk|rk)_(test|live)_/.test(creds.secretKey)) {
          throw new AppError('provider_credentials_invalid', 422, 'secretKey: a Stripe secret (sk_…) or restricted (rk_…) key is required', { fields: [{ field: 'secretKey', message: 'must start with sk_ or rk_' }] });
        }
        if (!creds.webhookSecret.startsWith('whsec_')) {
          throw new AppError('invalid_input', 422, 'webhookSecret: the signing secret of the webhook endpoint starts with whsec_', { fields: [{ field: 'webhookSecret', message: 'must start with whsec_' }] });
        }
        // Restricted keys cannot GET /v1/account (KYC permission); /v1/balance proves the key works.
        try {
          await stripe.balance.retrieve();
        } catch (err) {
          if (!(err instanceof Stripe.errors.StripePermissionError)) explain(err, 'be used'); // balance read itself is optional
        }
        // Permission probe: an empty create is refused for the permission (403) before its
        // parameters are checked (400), so nothing is created either way.
        try {
          await stripe.checkout.sessions.create({} as Stripe.Checkout.SessionCreateParams);
        } catch (err) {
          if (err instanceof Stripe.errors.StripeInvalidRequestError) return;
          explain(err, 'create Checkout Sessions (Checkout Sessions: write)');
        }
      },
    };
  },
};
