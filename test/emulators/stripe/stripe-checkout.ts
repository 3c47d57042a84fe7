/**
 * Checkout Sessions (https://docs.stripe.com/api/checkout/sessions) and their life cycle:
 * open → complete (payment_status paid, or unpaid for delayed methods until
 * async_payment_succeeded/_failed) or open → expired (https://docs.stripe.com/payments/checkout/how-checkout-works#lifecycle).
 * Since API 2022-08-01 the PaymentIntent is created when the customer pays, so `payment_intent`
 * is null while the session is open — the production client must not count on it earlier.
 */
import { asArray, asObject, asString, type FormObject } from './stripe-form.js';
import { invalidRequest, resourceMissing } from './stripe-errors.js';
import { parseMetadata, validateSessionParams } from './stripe-checkout-params.js';
import { createPaymentIntent, succeedPaymentIntent } from './stripe-payments.js';
import { clone, randomId, type Json, type StripeCtx } from './stripe-state.js';

type Req = { id: string; idempotency_key: string | null };

export function createSession(ctx: StripeCtx, p: FormObject): Json {
  const { items, currency, total, expiresAt } = validateSessionParams(ctx, p);
  const id = randomId('cs_test_a1', 56);
  const pid = asObject(p.payment_intent_data);
  ctx.state.intentData.set(id, { metadata: pid?.metadata ? parseMetadata(pid.metadata) : {}, description: asString(pid?.description), receipt_email: asString(pid?.receipt_email) });
  ctx.state.lineItems.set(id, items.map((it) => {
    const productId = it.productId ?? randomId('prod_');
    return {
      id: randomId('li_1'), object: 'item', amount_discount: 0, amount_subtotal: it.unitAmount * it.quantity, amount_tax: 0,
      amount_total: it.unitAmount * it.quantity, currency, description: it.productName, quantity: it.quantity,
      price: { id: it.priceId ?? randomId('price_1'), object: 'price', active: !!it.priceId, currency, product: productId, type: 'one_time', unit_amount: it.unitAmount, unit_amount_decimal: String(it.unitAmount) },
    };
  }));
  const email = asString(p.customer_email) ?? null;
  const session: Json = {
    id, object: 'checkout.session', after_expiration: null, allow_promotion_codes: null, amount_subtotal: total, amount_total: total,
    automatic_tax: { enabled: false, liability: null, status: null }, billing_address_collection: null, cancel_url: asString(p.cancel_url) ?? null,
    client_reference_id: asString(p.client_reference_id) ?? null, client_secret: null, consent: null, consent_collection: null,
    created: ctx.nowSec(), currency, custom_fields: [], custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null, customer_creation: 'if_required', customer_details: email ? { address: null, email, name: null, phone: null, tax_exempt: 'none', tax_ids: [] } : null,
    customer_email: email, expires_at: expiresAt, invoice: null, invoice_creation: null, livemode: false, locale: asString(p.locale) ?? null,
    metadata: parseMetadata(p.metadata), mode: 'payment', payment_intent: null, payment_link: null, payment_method_collection: 'if_required',
    payment_method_types: ['card'], payment_status: 'unpaid', phone_number_collection: { enabled: false }, recovered_from: null,
    setup_intent: null, shipping_address_collection: null, shipping_cost: null, shipping_options: [], status: 'open', submit_type: null,
    subscription: null, success_url: asString(p.success_url) ?? null, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page', url: `${ctx.baseUrl}/c/pay/${id}`,
  };
  ctx.state.sessions.set(id, session);
  return view(ctx, session, p.expand);
}

/** The session as the API shows it, with `expand[]` for line_items and payment_intent. */
export function view(ctx: StripeCtx, session: Json, expand: unknown): Json {
  const out = clone(session);
  const wanted = (asArray(expand as FormObject) ?? []).map(String);
  if (wanted.includes('line_items')) out.line_items = listOf(ctx.state.lineItems.get(session.id) ?? [], `/v1/checkout/sessions/${session.id}/line_items`);
  if (wanted.includes('payment_intent') && session.payment_intent) out.payment_intent = clone(ctx.state.paymentIntents.get(session.payment_intent));
  for (const w of wanted) if (!['line_items', 'payment_intent'].includes(w)) throw invalidRequest(`This property cannot be expanded (${w}).`, { param: 'expand' });
  return out;
}

export const listOf = (data: Json[], url: string): Json => ({ object: 'list', data: clone(data), has_more: false, url });

export function getSession(ctx: StripeCtx, id: string): Json {
  const s = ctx.state.sessions.get(id);
  if (!s) throw resourceMissing('checkout.session', id, 'session');
  // Stripe expires sessions once expires_at passes; we do it when the session is next looked at.
  if (s.status === 'open' && ctx.nowSec() >= s.expires_at) expire(ctx, s);
  return s;
}

/** POST /v1/checkout/sessions/:id/expire — only open sessions can be expired. */
export function expireViaApi(ctx: StripeCtx, id: string, request: Req): Json {
  const s = getSession(ctx, id);
  if (s.status !== 'open') throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`, { param: 'session' });
  expire(ctx, s, request);
  return clone(s);
}

function expire(ctx: StripeCtx, s: Json, request?: Req): void {
  Object.assign(s, { status: 'expired', url: null });
  ctx.emit('checkout.session.expired', s, undefined, request);
}

function openSession(ctx: StripeCtx, id: string): Json {
  const s = getSession(ctx, id);
  if (s.status !== 'open') throw new Error(`session ${id} is ${s.status}, not open`);
  return s;
}

/**
 * The buyer pays. `delayed: true` models a delayed-notification method (SEPA debit, Bacs…):
 * completed with payment_status 'unpaid', then async_payment_succeeded/_failed via settleAsync.
 */
export function complete(ctx: StripeCtx, id: string, opts: { delayed?: boolean; email?: string } = {}): Json {
  const s = openSession(ctx, id);
  const email = opts.email ?? s.customer_email ?? 'buyer@example.com';
  s.customer_details = { address: { city: null, country: 'PL', line1: null, line2: null, postal_code: null, state: null }, email, name: 'Test Buyer', phone: null, tax_exempt: 'none', tax_ids: [] };
  const pi = createPaymentIntent(ctx, s, opts.delayed ? 'processing' : 'succeeded');
  Object.assign(s, { status: 'complete', payment_status: opts.delayed ? 'unpaid' : 'paid', payment_intent: pi.id, url: null });
  ctx.emit('checkout.session.completed', s);
  return clone(s);
}

export function settleAsync(ctx: StripeCtx, id: string, outcome: 'succeeded' | 'failed'): Json {
  const s = getSession(ctx, id);
  const pi = s.payment_intent ? ctx.state.paymentIntents.get(s.payment_intent) : undefined;
  if (s.status !== 'complete' || s.payment_status !== 'unpaid' || pi?.status !== 'processing') throw new Error(`session ${id} has no pending delayed payment`);
  if (outcome === 'succeeded') {
    succeedPaymentIntent(ctx, pi, s);
    s.payment_status = 'paid';
    ctx.emit('checkout.session.async_payment_succeeded', s);
  } else {
    Object.assign(pi, { status: 'requires_payment_method', last_payment_error: { code: 'payment_method_provider_decline', message: 'The payment was declined.', type: 'card_error' } });
    ctx.emit('checkout.session.async_payment_failed', s);
  }
  return clone(s);
}

/** Test helper: the buyer's (delayed) payment fails — completed/unpaid, then async_payment_failed. */
export function decline(ctx: StripeCtx, id: string): Json {
  complete(ctx, id, { delayed: true });
  return settleAsync(ctx, id, 'failed');
}

export function expireNow(ctx: StripeCtx, id: string): Json {
  expire(ctx, openSession(ctx, id));
  return clone(ctx.state.sessions.get(id)!);
}

/** Expires every open session whose expires_at has passed on the emulator clock. */
export function expireDue(ctx: StripeCtx): string[] {
  const due = [...ctx.state.sessions.values()].filter((s) => s.status === 'open' && ctx.nowSec() >= s.expires_at);
  for (const s of due) expire(ctx, s);
  return due.map((s) => s.id);
}
