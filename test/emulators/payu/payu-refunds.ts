/**
 * Refunds (https://developers.payu.com/europe/api/#tag/Refund): POST /api/v2_1/orders/{orderId}/refunds
 * (PayU's PHP SDK posts to `/refund`; both are accepted, as the reference asks) with
 * `{ refund: { description, amount?, extRefundId?, currencyCode? } }` → `{ orderId, refund: {…, status:
 * 'PENDING'}, status: { statusCode: 'SUCCESS' } }`. The final FINALIZED or CANCELED state arrives by
 * notification. extRefundId makes the call idempotent (other parameters → REFUND_IDEMPOTENCY_MISMATCH).
 */
import { missing, refundError } from './payu-errors.js';
import { findOrder } from './payu-orders.js';
import { payuTime, type Json, type PayUCtx } from './payu-state.js';

const publicRefund = (r: Json): Json => Object.fromEntries(Object.entries(structuredClone(r)).filter(([k]) => !k.startsWith('__')));

function answer(r: Json): Json {
  return { orderId: r.__orderId, refund: publicRefund(r), status: { statusCode: 'SUCCESS', statusDesc: 'Refund queued for processing' } };
}

export function createRefund(ctx: PayUCtx, orderId: string, body: Json): { refund: Json; response: Json } {
  const o = findOrder(ctx, orderId);
  const req = body?.refund;
  if (!req || typeof req !== 'object') throw refundError('MISSING_REFUND_SECTION');
  if (!req.description) throw missing('refund.description');
  const amount = req.amount === undefined ? undefined : String(req.amount);
  const existing = req.extRefundId ? [...ctx.state.refunds.values()].find((r) => r.__orderId === orderId && r.extRefundId === req.extRefundId) : undefined;
  if (existing) {
    if (existing.description !== req.description || existing.__requestedAmount !== amount) throw refundError('REFUND_IDEMPOTENCY_MISMATCH');
    return { refund: existing, response: answer(existing) };
  }
  if (o.status !== 'COMPLETED') throw refundError('TRANS_NOT_ENDED');
  const total = Number(o.totalAmount);
  const used = [...ctx.state.refunds.values()].filter((r) => r.__orderId === orderId && r.status !== 'CANCELED').reduce((s, r) => s + Number(r.amount), 0);
  const remaining = total - used;
  if (remaining <= 0) throw refundError('PAID');
  const value = amount === undefined ? remaining : Number(amount);
  if (!/^\d+$/.test(String(amount ?? value)) || value <= 0) throw refundError('AMOUNT_TO_SMALL');
  if (value > remaining) throw refundError('AMOUNT_TO_BIG');
  const now = payuTime(ctx.now());
  const refund: Json = {
    refundId: String(5_000_000_000 + Math.floor(Math.random() * 1e9)), ...(req.extRefundId ? { extRefundId: req.extRefundId } : {}),
    amount: String(value), currencyCode: o.currencyCode, description: req.description, creationDateTime: now, status: 'PENDING', statusDateTime: now,
    __orderId: orderId, __requestedAmount: amount,
  };
  ctx.state.refunds.set(refund.refundId, refund);
  return { refund, response: answer(refund) };
}

/** PENDING → FINALIZED (money returned) or CANCELED, announced by a refund notification. */
export function settleRefund(ctx: PayUCtx, refundId: string, outcome: 'FINALIZED' | 'CANCELED'): Json {
  const r = ctx.state.refunds.get(refundId);
  if (!r) throw new Error(`no refund ${refundId}`);
  if (r.status !== 'PENDING') throw new Error(`refund ${refundId} is ${r.status}, not PENDING`);
  const o = findOrder(ctx, r.__orderId);
  const now = payuTime(ctx.now());
  Object.assign(r, { status: outcome, statusDateTime: now });
  const body = {
    orderId: o.orderId, ...(o.extOrderId ? { extOrderId: o.extOrderId } : {}),
    refund: { refundId: r.refundId, ...(r.extRefundId ? { extRefundId: r.extRefundId } : {}), amount: r.amount, currencyCode: r.currencyCode, status: outcome, statusDateTime: now, reason: 'refund', reasonDescription: r.description, refundDate: now },
  };
  ctx.notify(o.notifyUrl, body, { orderId: o.orderId, kind: 'refund', status: outcome });
  return publicRefund(r);
}

export function listRefunds(ctx: PayUCtx, orderId: string): Json {
  findOrder(ctx, orderId);
  return { refunds: [...ctx.state.refunds.values()].filter((r) => r.__orderId === orderId).map(publicRefund) };
}
