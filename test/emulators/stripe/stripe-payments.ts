/**
 * PaymentIntents, Charges, Refunds and Disputes — only as far as Checkout payments and their
 * refunds need them. Refunds: https://docs.stripe.com/api/refunds/create (full when `amount` is
 * omitted; amount_too_large / charge_already_refunded / charge_disputed errors as Stripe returns).
 */
import { asString, type FormObject } from './stripe-form.js';
import { invalidRequest, resourceMissing } from './stripe-errors.js';
import { checkKeys, parseInteger, parseMetadata } from './stripe-checkout-params.js';
import { formatAmount } from './stripe-currencies.js';
import { clone, randomId, type Json, type StripeCtx } from './stripe-state.js';

export function createPaymentIntent(ctx: StripeCtx, session: Json, status: 'succeeded' | 'processing'): Json {
  const id = randomId('pi_3');
  const extra = ctx.state.intentData.get(session.id) ?? {};
  const pi: Json = {
    id, object: 'payment_intent', amount: session.amount_total, amount_capturable: 0, amount_received: 0, canceled_at: null,
    capture_method: 'automatic_async', client_secret: `${id}_secret_${randomId('', 25)}`, confirmation_method: 'automatic',
    created: ctx.nowSec(), currency: session.currency, customer: null, description: extra.description ?? null, last_payment_error: null,
    latest_charge: null, livemode: false, metadata: extra.metadata ?? {}, payment_method: randomId('pm_1'),
    payment_method_types: ['card'], receipt_email: extra.receipt_email ?? null, status,
  };
  ctx.state.paymentIntents.set(id, pi);
  if (status === 'succeeded') succeedPaymentIntent(ctx, pi, session);
  return pi;
}

export function succeedPaymentIntent(ctx: StripeCtx, pi: Json, session: Json): Json {
  const ch: Json = {
    id: randomId('ch_3'), object: 'charge', amount: pi.amount, amount_captured: pi.amount, amount_refunded: 0,
    balance_transaction: randomId('txn_3'), billing_details: { email: session.customer_details?.email ?? null, name: null }, captured: true,
    created: ctx.nowSec(), currency: pi.currency, customer: null, description: pi.description, disputed: false, livemode: false,
    metadata: {}, paid: true, payment_intent: pi.id, payment_method: pi.payment_method, receipt_url: `${ctx.baseUrl}/receipts/${pi.id}`,
    refunded: false, status: 'succeeded',
  };
  ctx.state.charges.set(ch.id, ch);
  Object.assign(pi, { status: 'succeeded', amount_received: pi.amount, latest_charge: ch.id });
  return ch;
}

const REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

export function createRefund(ctx: StripeCtx, p: FormObject, request: { id: string; idempotency_key: string | null }): Json {
  checkKeys(p, new Set(['amount', 'charge', 'currency', 'customer', 'expand', 'instructions_email', 'metadata', 'origin', 'payment_intent', 'reason', 'refund_application_fee', 'reverse_transfer']));
  const piId = asString(p.payment_intent);
  const chargeId = asString(p.charge);
  if (!piId && !chargeId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
  let charge: Json | undefined;
  if (chargeId) {
    charge = ctx.state.charges.get(chargeId);
    if (!charge) throw resourceMissing('charge', chargeId, 'charge', 400);
  } else {
    const pi = ctx.state.paymentIntents.get(piId!);
    if (!pi) throw resourceMissing('payment_intent', piId!, 'payment_intent', 400);
    charge = pi.latest_charge ? ctx.state.charges.get(pi.latest_charge) : undefined;
    // UNCONFIRMED wording for refunding a PaymentIntent that has no successful charge yet.
    if (!charge) throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: 'payment_intent' });
  }
  const reason = asString(p.reason);
  if (reason !== undefined && !REASONS.has(reason)) throw invalidRequest('Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer', { param: 'reason' });
  const metadata = parseMetadata(p.metadata);
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = p.amount === undefined ? remaining : parseInteger(p.amount, 'amount', { min: 1 });
  if (amount > remaining) {
    const msg = charge.amount_refunded > 0
      ? `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`
      : `Refund amount (${formatAmount(amount, charge.currency)}) is greater than charge amount (${formatAmount(charge.amount, charge.currency)})`;
    throw invalidRequest(msg, { param: 'amount', code: 'amount_too_large' });
  }
  const status = ctx.opts.refundInitialStatus ?? 'succeeded';
  const refund: Json = {
    id: randomId('re_3'), object: 'refund', amount, balance_transaction: status === 'succeeded' ? randomId('txn_3') : null, charge: charge.id,
    created: ctx.nowSec(), currency: charge.currency, destination_details: { card: { type: 'refund' }, type: 'card' }, metadata,
    payment_intent: charge.payment_intent, reason: reason ?? null, receipt_number: null, source_transfer_reversal: null, status, transfer_reversal: null,
  };
  ctx.state.refunds.set(refund.id, refund);
  // The charge counts the refund at once, pending or not; charge.refunded fires with the new totals.
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  ctx.emit('refund.created', refund, undefined, request);
  ctx.emit('charge.refunded', charge, previous, request);
  return refund;
}

/** Moves a pending refund to its final status (test helper); `refund.updated` carries the change. */
export function settleRefund(ctx: StripeCtx, refundId: string, outcome: 'succeeded' | 'failed' | 'canceled'): Json {
  const refund = ctx.state.refunds.get(refundId);
  if (!refund) throw new Error(`no refund ${refundId}`);
  if (refund.status !== 'pending') throw new Error(`refund ${refundId} is ${refund.status}, not pending`);
  const previous = { status: refund.status };
  refund.status = outcome;
  if (outcome === 'failed') refund.failure_reason = 'declined';
  if (outcome !== 'succeeded') {
    const charge = ctx.state.charges.get(refund.charge)!;
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
    ctx.emit('refund.failed', refund);
  }
  ctx.emit('refund.updated', refund, previous);
  return clone(refund);
}

/** Opens a dispute on the payment's charge (test helper) → `charge.dispute.created`. */
export function createDispute(ctx: StripeCtx, paymentIntentId: string, reason = 'fraudulent'): Json {
  const pi = ctx.state.paymentIntents.get(paymentIntentId);
  const charge = pi?.latest_charge ? ctx.state.charges.get(pi.latest_charge) : undefined;
  if (!charge) throw new Error(`no charge for ${paymentIntentId}`);
  const dispute: Json = {
    id: randomId('dp_1'), object: 'dispute', amount: charge.amount - charge.amount_refunded, balance_transactions: [], charge: charge.id,
    created: ctx.nowSec(), currency: charge.currency, evidence_details: { due_by: ctx.nowSec() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false, livemode: false, metadata: {}, payment_intent: pi!.id, reason, status: 'needs_response',
  };
  ctx.state.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  ctx.emit('charge.dispute.created', dispute);
  return clone(dispute);
}
