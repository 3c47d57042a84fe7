/**
 * Capturing an approved order and refunding captures
 * (https://developer.paypal.com/docs/api/orders/v2/#orders_capture,
 * https://developer.paypal.com/docs/api/payments/v2/#captures_refund). A capture can come back
 * COMPLETED, PENDING (finishes later by webhook: PAYMENT.CAPTURE.COMPLETED or .DENIED) or
 * DECLINED; INSTRUMENT_DECLINED is a 422 that sends the buyer back to approve again.
 */
import { issue, notFound } from './paypal-errors.js';
import { fromMinor, toMinor } from './paypal-currencies.js';
import { getOrder, view } from './paypal-orders.js';
import { clone, paypalId, type Json, type PayPalCtx } from './paypal-state.js';

const money = (minor: number, currency: string) => ({ currency_code: currency, value: fromMinor(minor, currency) });
/** A flat 3 % PayPal fee keeps net amounts realistic without modelling PayPal's fee tables. */
const fee = (minor: number) => Math.round(minor * 0.03);

function captureLinks(ctx: PayPalCtx, c: Json, orderId: string): Json[] {
  return [
    { href: `${ctx.baseUrl}/v2/payments/captures/${c.id}`, rel: 'self', method: 'GET' },
    { href: `${ctx.baseUrl}/v2/payments/captures/${c.id}/refund`, rel: 'refund', method: 'POST' },
    { href: `${ctx.baseUrl}/v2/checkout/orders/${orderId}`, rel: 'up', method: 'GET' },
  ];
}

export function capture(ctx: PayPalCtx, orderId: string): Json {
  const o = getOrder(ctx, orderId);
  if (o.status === 'COMPLETED') throw issue(422, 'ORDER_ALREADY_CAPTURED', { location: 'body' });
  if (o.status !== 'APPROVED') throw issue(422, 'ORDER_NOT_APPROVED', { location: 'body' });
  const outcome = ctx.state.captureOutcome.get(orderId) ?? 'COMPLETED';
  ctx.state.captureOutcome.delete(orderId);
  if (outcome === 'INSTRUMENT_DECLINED') {
    Object.assign(o, { status: o.__wasPayerAction ? 'PAYER_ACTION_REQUIRED' : 'CREATED', update_time: ctx.nowIso() });
    throw issue(422, 'INSTRUMENT_DECLINED', { location: 'body' });
  }
  const pu = o.purchase_units[0];
  if (pu.invoice_id && ctx.opts.blockDuplicateInvoiceId !== false) {
    const dup = [...ctx.state.captures.values()].some((c) => c.invoice_id === pu.invoice_id && c.status !== 'DECLINED' && c.status !== 'DENIED');
    if (dup) throw issue(422, 'DUPLICATE_INVOICE_ID', { location: 'body' });
  }
  const gross = toMinor(pu.amount, '/purchase_units/0/amount/value');
  const cur = pu.amount.currency_code;
  const now = ctx.nowIso();
  const c: Json = {
    id: paypalId(), status: outcome, amount: money(gross, cur), final_capture: true,
    seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
    seller_receivable_breakdown: { gross_amount: money(gross, cur), paypal_fee: money(fee(gross), cur), net_amount: money(gross - fee(gross), cur) },
    ...(pu.custom_id ? { custom_id: pu.custom_id } : {}), ...(pu.invoice_id ? { invoice_id: pu.invoice_id } : {}),
    ...(outcome === 'PENDING' ? { status_details: { reason: 'PENDING_REVIEW' } } : {}),
    supplementary_data: { related_ids: { order_id: orderId } }, create_time: now, update_time: now,
  };
  c.links = captureLinks(ctx, c, orderId);
  ctx.state.captures.set(c.id, c);
  // UNCONFIRMED: with a DECLINED capture PayPal still reports the order COMPLETED.
  Object.assign(o, { status: 'COMPLETED', update_time: now });
  pu.payments = { captures: [c] };
  const summary = `Payment ${outcome === 'COMPLETED' ? 'completed' : outcome.toLowerCase()} for ${c.amount.value} ${cur}`;
  ctx.emit(`PAYMENT.CAPTURE.${outcome}`, 'capture', c, summary);
  return view(ctx, o);
}

export function getCapture(ctx: PayPalCtx, id: string): Json {
  const c = ctx.state.captures.get(id);
  if (!c) throw notFound();
  return c;
}

/** Test helper: a PENDING capture clears or is denied later. */
export function resolvePending(ctx: PayPalCtx, captureId: string, result: 'COMPLETED' | 'DENIED'): Json {
  const c = getCapture(ctx, captureId);
  if (c.status !== 'PENDING') throw new Error(`capture ${captureId} is ${c.status}, not PENDING`);
  Object.assign(c, { status: result, update_time: ctx.nowIso() });
  delete c.status_details;
  ctx.emit(`PAYMENT.CAPTURE.${result}`, 'capture', c, result === 'COMPLETED' ? `Payment completed for ${c.amount.value} ${c.amount.currency_code}` : `A ${c.amount.value} ${c.amount.currency_code} capture payment was denied`);
  return clone(c);
}

export function refund(ctx: PayPalCtx, captureId: string, body: Json): Json {
  const c = getCapture(ctx, captureId);
  const cur = c.amount.currency_code;
  const gross = toMinor(c.amount, '/amount/value');
  const done = [...ctx.state.refunds.values()].filter((r) => r.__capture === captureId).reduce((s, r) => s + toMinor(r.amount, '/amount/value'), 0);
  if (c.status === 'REFUNDED' || done >= gross) throw issue(422, 'CAPTURE_FULLY_REFUNDED', { location: 'body' });
  if (c.status !== 'COMPLETED' && c.status !== 'PARTIALLY_REFUNDED') throw issue(422, 'REFUND_NOT_ALLOWED', { location: 'body' });
  let amount = gross - done;
  if (body?.amount) {
    if (body.amount.currency_code !== cur) throw issue(422, 'CURRENCY_MISMATCH', { field: '/amount/currency_code', value: String(body.amount.currency_code), location: 'body' });
    amount = toMinor(body.amount, '/amount/value');
    if (amount <= 0) throw issue(422, 'INVALID_PARAMETER_VALUE', { field: '/amount/value', value: body.amount.value, location: 'body' });
    if (amount > gross - done) throw issue(422, 'REFUND_AMOUNT_EXCEEDED', { field: '/amount/value', value: body.amount.value, location: 'body' });
  }
  const now = ctx.nowIso();
  const r: Json = {
    id: paypalId(), amount: money(amount, cur), ...(body?.invoice_id ? { invoice_id: body.invoice_id } : {}), ...(body?.note_to_payer ? { note_to_payer: body.note_to_payer } : {}),
    ...(c.custom_id ? { custom_id: c.custom_id } : {}),
    seller_payable_breakdown: { gross_amount: money(amount, cur), paypal_fee: money(0, cur), net_amount: money(amount, cur), total_refunded_amount: money(done + amount, cur) },
    status: 'COMPLETED', create_time: now, update_time: now,
    links: [{ href: `${ctx.baseUrl}/v2/payments/refunds/__ID__`, rel: 'self', method: 'GET' }, { href: `${ctx.baseUrl}/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' }],
    __capture: captureId,
  };
  r.links[0].href = r.links[0].href.replace('__ID__', r.id);
  ctx.state.refunds.set(r.id, r);
  Object.assign(c, { status: done + amount === gross ? 'REFUNDED' : 'PARTIALLY_REFUNDED', update_time: now });
  const pub = publicRefund(r);
  ctx.emit('PAYMENT.CAPTURE.REFUNDED', 'refund', pub, `A ${r.amount.value} ${cur} capture payment was refunded`);
  return pub;
}

export const publicRefund = (r: Json): Json => Object.fromEntries(Object.entries(clone(r)).filter(([k]) => !k.startsWith('__')));

/**
 * Test helper: the buyer opens a dispute on a capture → `CUSTOMER.DISPUTE.CREATED`, resource shaped as the
 * Customer Disputes API v1 dispute (https://developer.paypal.com/docs/api/customer-disputes/v1/); the
 * disputed capture is `disputed_transactions[].seller_transaction_id`.
 */
export function openDispute(ctx: PayPalCtx, captureId: string, reason = 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED'): Json {
  const c = getCapture(ctx, captureId);
  const now = ctx.nowIso();
  const dispute: Json = {
    dispute_id: `PP-D-${Math.floor(10000 + Math.random() * 89999)}`, create_time: now, update_time: now,
    disputed_transactions: [{ seller_transaction_id: captureId, seller: { merchant_id: 'EMULATORMERCH01' }, create_time: c.create_time, transaction_status: 'COMPLETED', gross_amount: c.amount, ...(c.custom_id ? { custom: c.custom_id } : {}) }],
    reason, status: 'OPEN', dispute_amount: c.amount, dispute_life_cycle_stage: 'INQUIRY', dispute_channel: 'INTERNAL',
    links: [{ href: `${ctx.baseUrl}/v1/customer/disputes/PP-D-0`, rel: 'self', method: 'GET' }],
  };
  ctx.emit('CUSTOMER.DISPUTE.CREATED', 'dispute', dispute, `A new dispute opened with Case # ${dispute.dispute_id}`);
  return clone(dispute);
}
