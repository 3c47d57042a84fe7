import type { AppContext } from '../../context.js';
import { transaction, type Tx } from '../../db/transaction.js';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import { gatewayFactories } from '../../providers/payments/gateways.js';
import { NotificationRejected, type PaymentNotification, type PaymentStatus, type RefundResult } from '../../providers/payments/port.js';
import { reserveSeats } from '../orders/inventory.js';
import { lockOrder, transition, type Actor, type OrderRow } from '../orders/order-state.js';
import { consumePromoCode } from '../promo-codes/promo-codes.service.js';
import { gatewayFor, requireGateway } from './credentials.service.js';

export const EXECUTE_REFUND_JOB = 'payments.execute-refund';
export const CANCEL_PROVIDER_PAYMENT_JOB = 'payments.cancel-provider-payment';

/** Webhook- or provider-driven changes name the provider as actor (audit log). */
const byProvider = (id: string): Actor => ({ type: 'provider', id });

interface PaymentRow {
  id: string;
  organization_id: string;
  token: string;
  payment_method: string;
  payment_ref: string | null;
  payment_capture_ref: string | null;
  promo_code_id: string | null;
  total_amount: number;
  currency: string;
  hold_expires_at: Date | null;
  buyer_email: string;
  buyer_first_name: string;
  buyer_last_name: string;
  locale: string;
  title: string;
}

async function paymentRow(q: { query: Tx['client']['query'] } | Tx['client'], orderId: string): Promise<PaymentRow> {
  const r = await (q as Tx['client']).query<PaymentRow>(
    `SELECT o.id, o.organization_id, o.token, o.payment_method, o.payment_ref, o.payment_capture_ref, o.promo_code_id, o.total_amount, o.currency,
            o.hold_expires_at, o.buyer_email, o.buyer_first_name, o.buyer_last_name, o.locale, e.title
       FROM orders o JOIN events e ON e.id = o.event_id WHERE o.id = $1`,
    [orderId],
  );
  if (!r.rows[0]) throw notFound('Order');
  return r.rows[0];
}

/**
 * Starts the provider payment of a just-placed order (after its commit). When the provider
 * refuses, the order fails at once and its seats and promo code are given back.
 */
export async function startProviderPayment(ctx: AppContext, orderId: string, meta: { customerIp?: string } = {}): Promise<string> {
  const o = await paymentRow(ctx.database.pool as unknown as Tx['client'], orderId);
  try {
    const gateway = await requireGateway(ctx, o.organization_id, o.payment_method);
    const started = await gateway.start({
      orderId: o.id,
      orderToken: o.token,
      amount: o.total_amount,
      currency: o.currency,
      description: o.title,
      buyerEmail: o.buyer_email,
      buyerFirstName: o.buyer_first_name,
      buyerLastName: o.buyer_last_name,
      locale: o.locale,
      customerIp: meta.customerIp,
      returnUrl: `${ctx.config.appUrl}/o/${o.token}`,
      notifyUrl: `${ctx.config.appUrl}/webhooks/${o.payment_method}`,
      expiresInSeconds: o.hold_expires_at ? Math.ceil((o.hold_expires_at.getTime() - Date.now()) / 1000) : undefined,
    });
    await ctx.database.pool.query(`UPDATE orders SET payment_ref = $2, payment_url = $3, updated_at = now() WHERE id = $1`, [orderId, started.providerRef, started.paymentUrl]);
    return started.paymentUrl;
  } catch (err) {
    await transaction(ctx.database.pool, async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (order.status === 'awaiting_payment') await transition(ctx, tx, order, 'failed', { type: 'system' }, { reason: `${o.payment_method} could not start the payment: ${(err as Error).message}` });
    });
    if (err instanceof AppError) {
      throw new AppError('payment_start_failed', err.status === 422 ? 422 : 502, `The payment could not be started: ${err.message}`, { provider: o.payment_method });
    }
    throw err;
  }
}

/** Records a provider event id; false when it was processed before (duplicate or replay). */
async function firstDelivery(tx: Tx, provider: string, eventId: string, organizationId: string, orderId: string | null, kind: string): Promise<boolean> {
  const r = await tx.client.query(
    `INSERT INTO payment_notifications (provider, event_id, organization_id, order_id, kind) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING RETURNING event_id`,
    [provider, eventId, organizationId, orderId, kind],
  );
  return !!r.rowCount;
}

/** Finds the Foyer order a provider payment belongs to, within one organisation. */
async function findOrderFor(ctx: AppContext, provider: string, hint: { orderId?: string | null; providerRef?: string | null; captureRef?: string | null }) {
  const r = await ctx.database.pool.query<{ id: string; organization_id: string }>(
    `SELECT id, organization_id FROM orders
      WHERE payment_method = $1 AND (id = $2 OR (payment_ref IS NOT NULL AND payment_ref = $3) OR (payment_capture_ref IS NOT NULL AND payment_capture_ref = $4))
      ORDER BY (id = $2) DESC LIMIT 1`,
    [provider, hint.orderId ?? '', hint.providerRef ?? '', hint.captureRef ?? ''],
  );
  return r.rows[0] ?? null;
}

/**
 * `POST /webhooks/{provider}`: finds the organisation from the unverified body, verifies the
 * signature with that organisation's secret, then applies the notification once. Returns
 * the HTTP status to answer: 200 processed/ignored/duplicate, 400 forged or unknown.
 */
export async function handleNotification(ctx: AppContext, provider: string, raw: Buffer, headers: Record<string, string | string[] | undefined>): Promise<{ status: number; result: string }> {
  const factory = gatewayFactories[provider];
  if (!factory) return { status: 404, result: 'unknown provider' };
  const hint = factory.hint(raw);
  let orgId: string | null = null;
  const order = await findOrderFor(ctx, provider, hint);
  orgId = order?.organization_id ?? null;
  if (!orgId && hint.refundRef) {
    const r = await ctx.database.pool.query<{ organization_id: string }>(`SELECT organization_id FROM refunds WHERE provider = $1 AND provider_ref = $2`, [provider, hint.refundRef]);
    orgId = r.rows[0]?.organization_id ?? null;
  }
  if (!orgId) {
    ctx.log.warn({ provider }, 'payment notification for no known order');
    return { status: 400, result: 'unknown order' };
  }
  const gateway = await gatewayFor(ctx, orgId, provider);
  if (!gateway) return { status: 400, result: 'provider not configured' };
  let n: PaymentNotification;
  try {
    n = await gateway.verifyNotification(raw, headers);
  } catch (err) {
    if (err instanceof NotificationRejected) {
      ctx.log.warn({ provider, reason: err.message }, 'payment notification rejected');
      return { status: 400, result: 'signature rejected' };
    }
    throw err;
  }
  switch (n.kind) {
    case 'ignored':
      return { status: 200, result: 'ignored' };
    case 'payment': {
      const target = n.orderId || n.providerRef ? await findOrderFor(ctx, provider, { orderId: n.orderId, providerRef: n.providerRef, captureRef: n.status.captureRef }) : order;
      if (!target || target.organization_id !== orgId) return { status: 200, result: 'unknown order' };
      const result = await applyPaymentStatus(ctx, target.id, n.status, { provider, eventId: n.eventId, providerRef: n.providerRef });
      await afterApply(ctx, target.id, result);
      return { status: 200, result };
    }
    case 'refund':
      return { status: 200, result: await applyRefundNotification(ctx, provider, orgId, n) };
    case 'dispute':
      return { status: 200, result: await applyDispute(ctx, provider, orgId, n) };
  }
}

/** PayPal: an approved order is captured server-side; the capture answer (or its webhook) completes it. */
async function captureApproved(ctx: AppContext, orderId: string): Promise<void> {
  const o = await paymentRow(ctx.database.pool as unknown as Tx['client'], orderId);
  const gateway = await requireGateway(ctx, o.organization_id, o.payment_method);
  if (!gateway.capture || !o.payment_ref) return;
  const status = await gateway.capture(o.payment_ref, o.id, o.currency);
  await afterApply(ctx, orderId, await applyPaymentStatus(ctx, orderId, status, null));
}

/** Follow-ups that call a provider, run after the commit: capture an approval, send a late-payment refund now (the job is the backup). */
async function afterApply(ctx: AppContext, orderId: string, result: ApplyResult): Promise<void> {
  if (result === 'approved') await captureApproved(ctx, orderId);
  if (result === 'late_refunded') {
    const r = await ctx.database.pool.query<{ id: string }>(`SELECT id FROM refunds WHERE order_id = $1 AND status = 'pending' AND provider_ref IS NULL`, [orderId]);
    for (const { id } of r.rows) await executeRefund(ctx, id);
  }
}

/**
 * The explicit server-side status check (order page load / "I have paid" button): asks the
 * provider, never trusts the browser's return.
 */
export async function refreshOrderPayment(ctx: AppContext, orderToken: string): Promise<void> {
  const r = await ctx.database.pool.query<{ id: string; status: string; payment_method: string }>(`SELECT id, status, payment_method FROM orders WHERE token = $1`, [orderToken]);
  const row = r.rows[0];
  if (!row) throw notFound('Order');
  if (row.status !== 'awaiting_payment' || !gatewayFactories[row.payment_method]) return;
  const o = await paymentRow(ctx.database.pool as unknown as Tx['client'], row.id);
  if (!o.payment_ref) return;
  const gateway = await gatewayFor(ctx, o.organization_id, o.payment_method);
  if (!gateway) return;
  const status = await gateway.fetchStatus(o.payment_ref, o.currency);
  await afterApply(ctx, o.id, await applyPaymentStatus(ctx, o.id, status, null));
}

type ApplyResult = 'duplicate' | 'completed' | 'failed' | 'expired' | 'approved' | 'late_honoured' | 'late_refunded' | 'unchanged' | 'mismatch';

/**
 * Applies a verified provider status to an order, idempotently: duplicates are dropped by
 * event id; a status that does not move the order forward (out-of-order delivery, a failure
 * after success) changes nothing.
 */
export async function applyPaymentStatus(ctx: AppContext, orderId: string, status: PaymentStatus, source: { provider: string; eventId: string; providerRef: string | null } | null): Promise<ApplyResult> {
  return transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, orderId);
    const o = await paymentRow(tx.client, orderId);
    // Mismatches are checked before the event id is recorded, so a bad notification never
    // shadows a genuine one that shares its id (PayU ids are order + status).
    if (source?.providerRef && o.payment_ref && source.providerRef !== o.payment_ref) {
      ctx.log.warn({ orderId, ref: source.providerRef }, 'notification for another provider payment of this order');
      return 'mismatch';
    }
    if (status.state === 'paid' && status.amount !== undefined && (status.amount !== o.total_amount || (status.currency && status.currency.toUpperCase() !== o.currency))) {
      ctx.log.error({ orderId, paid: status.amount, currency: status.currency, expected: o.total_amount }, 'paid amount differs from the order total; not completing');
      return 'mismatch';
    }
    if (source && !(await firstDelivery(tx, source.provider, source.eventId, order.organization_id, order.id, `payment:${status.state}`))) return 'duplicate';
    if (status.captureRef && !o.payment_capture_ref) {
      await tx.client.query(`UPDATE orders SET payment_capture_ref = $2 WHERE id = $1`, [orderId, status.captureRef]);
    }
    switch (status.state) {
      case 'paid':
        if (order.status === 'awaiting_payment') {
          await transition(ctx, tx, order, 'completed', byProvider(order.payment_method), { reason: `paid with ${order.payment_method}` });
          return 'completed';
        }
        if (order.status === 'expired' || order.status === 'failed' || order.status === 'cancelled') return latePayment(ctx, tx, order, o);
        return 'unchanged';
      case 'failed':
        if (order.status !== 'awaiting_payment') return 'unchanged';
        await transition(ctx, tx, order, 'failed', byProvider(order.payment_method), { reason: `${order.payment_method} payment failed` });
        return 'failed';
      case 'expired':
        if (order.status !== 'awaiting_payment') return 'unchanged';
        await transition(ctx, tx, order, 'expired', byProvider(order.payment_method), { reason: `${order.payment_method} checkout expired` });
        return 'expired';
      case 'approved':
        // Capture only for a live order: an approved PayPal payment of an expired order is
        // never captured, so the buyer is not charged at all.
        return order.status === 'awaiting_payment' ? 'approved' : 'unchanged';
      default:
        return 'unchanged';
    }
  });
}

/**
 * Late payment policy (README "Payments"): money arrived for an order that already expired
 * or failed. If every seat can still be taken (and its promo code use, and the event is
 * still on), the order is honoured: seats re-reserved, attendees reactivated, completed.
 * Otherwise — sold out meanwhile, event or order cancelled — the full amount is refunded
 * through the provider automatically.
 */
async function latePayment(ctx: AppContext, tx: Tx, order: OrderRow, o: PaymentRow): Promise<ApplyResult> {
  const ev = await tx.client.query<{ status: string; format: string }>(`SELECT status, format FROM events WHERE id = $1`, [order.event_id]);
  const canHonour = order.status !== 'cancelled' && ev.rows[0]?.status === 'published';
  if (canHonour) {
    await tx.client.query('SAVEPOINT late_payment');
    try {
      const lines = await tx.client.query<{ ticket_type_id: string; session_id: string | null; n: number }>(
        `SELECT ticket_type_id, session_id, count(*)::int AS n FROM attendees WHERE order_id = $1 GROUP BY 1, 2`,
        [order.id],
      );
      await reserveSeats(tx, order.event_id, lines.rows.map((l) => ({ ticketTypeId: l.ticket_type_id, sessionId: l.session_id, quantity: l.n })));
      if (ev.rows[0]!.format !== 'in_person') {
        const taken = await tx.client.query(
          `SELECT 1 FROM attendees a JOIN orders x ON x.id = a.order_id
            WHERE a.event_id = $1 AND a.order_id <> $2 AND a.status = 'active' AND x.holds_seats
              AND a.email IN (SELECT email FROM attendees WHERE order_id = $2)
              AND (a.session_id IS NULL OR a.session_id IN (SELECT session_id FROM attendees WHERE order_id = $2)) LIMIT 1`,
          [order.event_id, order.id],
        );
        if (taken.rowCount) throw conflict('duplicate_registrant', 'an attendee holds another ticket now');
      }
      if (o.promo_code_id) await consumePromoCode(tx, o.promo_code_id);
      await tx.client.query(`UPDATE attendees SET status = 'active', cancelled_at = NULL WHERE order_id = $1`, [order.id]);
      await tx.client.query(`UPDATE orders SET holds_seats = true WHERE id = $1`, [order.id]);
      await tx.client.query('RELEASE SAVEPOINT late_payment');
      order.holds_seats = true;
      await transition(ctx, tx, order, 'completed', byProvider(order.payment_method), { reason: `late ${order.payment_method} payment honoured: seats were still free`, payload: { latePayment: true } });
      return 'late_honoured';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await tx.client.query('ROLLBACK TO SAVEPOINT late_payment');
    }
  }
  await requestProviderRefund(ctx, tx, order, byProvider(order.payment_method), o.total_amount - order.refunded_amount, 'late payment for an order that had ended; refunded automatically');
  return 'late_refunded';
}

/**
 * Phase 1 of a provider refund, inside the caller's transaction: checks the amount, records
 * a pending refund and reserves it on the order (so concurrent refunds cannot exceed the
 * total), then enqueues the provider call. Phase 2 (`executeRefund`) calls the provider with
 * the refund id as idempotency key and settles the order.
 */
export async function requestProviderRefund(ctx: AppContext, tx: Tx, order: OrderRow, actor: Actor, amount: number | undefined, reason?: string): Promise<string> {
  const refundable = order.total_amount - order.refunded_amount;
  if (refundable <= 0) throw conflict('nothing_to_refund', 'This order was free or is fully refunded already');
  const value = amount ?? refundable;
  if (!Number.isInteger(value) || value < 1 || value > refundable) throw invalid('amount', `must be an integer between 1 and ${refundable} (minor units of ${order.currency})`);
  const refundId = newId('rfd');
  await tx.client.query(
    `INSERT INTO refunds (id, organization_id, order_id, amount, currency, status, provider, reason, actor_id) VALUES ($1,$2,$3,$4,$5,'pending',$6,$7,$8)`,
    [refundId, order.organization_id, order.id, value, order.currency, order.payment_method, reason ?? null, actor.type === 'member' ? (actor.id ?? null) : null],
  );
  await tx.client.query(`UPDATE orders SET refunded_amount = refunded_amount + $2, updated_at = now() WHERE id = $1`, [order.id, value]);
  order.refunded_amount += value;
  await ctx.queue.send(EXECUTE_REFUND_JOB, { refundId }, { singletonKey: refundId, client: tx.client });
  return refundId;
}

/**
 * Phase 2: calls the provider (idempotent by refund id) and settles. Accepted → the order
 * moves to refunded / partially refunded and `order.refunded|partially_refunded` is emitted;
 * refused → the refund is marked failed and its amount given back. Returns the provider's
 * error for the organiser when refused; provider outages throw so the job retries.
 */
export async function executeRefund(ctx: AppContext, refundId: string): Promise<AppError | null> {
  const r = await ctx.database.pool.query<{ order_id: string; organization_id: string; amount: number; currency: string; status: string; provider_ref: string | null; reason: string | null; provider: string }>(
    `SELECT order_id, organization_id, amount, currency, status, provider_ref, reason, provider FROM refunds WHERE id = $1`,
    [refundId],
  );
  const refund = r.rows[0];
  if (!refund || refund.provider_ref || refund.status === 'failed') return null; // done already
  const o = await paymentRow(ctx.database.pool as unknown as Tx['client'], refund.order_id);
  let result: RefundResult | null = null;
  let refusal: AppError | null = null;
  try {
    const gateway = await requireGateway(ctx, o.organization_id, refund.provider);
    result = await gateway.refund({ refundId, orderId: o.id, providerRef: o.payment_ref ?? '', captureRef: o.payment_capture_ref, amount: refund.amount, currency: refund.currency, total: o.total_amount, reason: refund.reason ?? undefined });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    refusal = err;
  }
  await transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, refund.order_id);
    const cur = await tx.client.query<{ status: string; provider_ref: string | null }>(`SELECT status, provider_ref FROM refunds WHERE id = $1 FOR UPDATE`, [refundId]);
    if (cur.rows[0]!.provider_ref || cur.rows[0]!.status === 'failed') return;
    if (!result || result.status === 'failed') {
      await tx.client.query(`UPDATE refunds SET status = 'failed', reason = coalesce(reason || ' — ', '') || $2 WHERE id = $1`, [refundId, refusal?.message ?? 'refused by the provider']);
      await tx.client.query(`UPDATE orders SET refunded_amount = GREATEST(refunded_amount - $2, 0), updated_at = now() WHERE id = $1`, [order.id, refund.amount]);
      await emitRefundFailed(ctx, tx, refundId, byProvider(refund.provider), refusal?.message ?? 'refused by the provider');
      return;
    }
    // A notification may have reported the final state before this answer.
    const status = cur.rows[0]!.status === 'succeeded' ? 'succeeded' : result.status;
    await tx.client.query(`UPDATE refunds SET provider_ref = $2, status = $3 WHERE id = $1`, [refundId, result.providerRef, status]);
    const full = order.refunded_amount >= order.total_amount;
    const to = full ? 'refunded' : 'partially_refunded';
    // The money went back whatever the order did meanwhile (e.g. a dispute put it on hold):
    // the refund is recorded above; the status follows only where the state machine allows.
    const movable = ['completed', 'partially_refunded', 'cancelled'].includes(order.status) || (to === 'refunded' && ['refunded', 'expired', 'failed'].includes(order.status));
    if (!movable) {
      ctx.log.warn({ refundId, orderId: order.id, status: order.status }, 'refund recorded; order status left as it is');
      return;
    }
    await transition(ctx, tx, order, to, refund.reason?.startsWith('late payment') ? byProvider(refund.provider) : { type: 'system' }, {
      reason: refund.reason ?? 'refund',
      payload: { refundId, amount: refund.amount, currency: refund.currency },
    });
  });
  return refusal;
}

/**
 * A refund the provider refused or later reported failed: recorded as `refund.failed` (audit
 * log, organiser alert); the money is still the organiser's, so the order can be refunded again.
 */
async function emitRefundFailed(ctx: AppContext, tx: Tx, refundId: string, actor: Actor, reason: string): Promise<void> {
  const r = await tx.client.query<{ organization_id: string; order_id: string; event_id: string; amount: number; currency: string }>(
    `SELECT f.organization_id, f.order_id, o.event_id, f.amount, f.currency FROM refunds f JOIN orders o ON o.id = f.order_id WHERE f.id = $1`,
    [refundId],
  );
  const f = r.rows[0]!;
  await ctx.outbox.emit(tx, {
    organizationId: f.organization_id,
    type: 'refund.failed',
    aggregateType: 'order',
    aggregateId: f.order_id,
    payload: { eventId: f.event_id, orderId: f.order_id, refundId, amount: f.amount, currency: f.currency, reason, actor },
  });
}

/** Organiser refund through the provider: recorded, sent, and the provider's refusal reported as 422. */
export async function refundThroughProvider(ctx: AppContext, organizationId: string, orderId: string, actor: Actor, amount?: number, reason?: string) {
  const refundId = await transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, orderId, organizationId);
    // A refunded/cancelled order whose provider refund failed still holds the buyer's money: refundable again.
    const paid = await tx.client.query<{ paid: boolean }>(`SELECT completed_at IS NOT NULL AS paid FROM orders WHERE id = $1`, [orderId]);
    const retry = (order.status === 'refunded' || order.status === 'cancelled') && paid.rows[0]!.paid && order.refunded_amount < order.total_amount;
    if (!['completed', 'partially_refunded'].includes(order.status) && !retry) {
      throw conflict('not_refundable', `Only a completed order can be refunded; this one is ${order.status.replace('_', ' ')}`);
    }
    if (retry && order.status === 'refunded' && amount !== undefined && amount !== order.total_amount - order.refunded_amount) {
      throw invalid('amount', `a failed full refund is retried in full: leave amount out or give ${order.total_amount - order.refunded_amount}`);
    }
    const row = await paymentRow(tx.client, orderId);
    if (!row.payment_capture_ref && order.payment_method !== 'payu') throw conflict('refund_unavailable', 'The provider has not reported the captured payment of this order yet; try again shortly');
    return requestProviderRefund(ctx, tx, order, actor, amount, reason);
  });
  const refusal = await executeRefund(ctx, refundId);
  if (refusal) throw new AppError('refund_failed', 422, `The refund was not made: ${refusal.message}`, { refundId, ...(refusal.details ?? {}) });
  return refundId;
}

/** Provider report on a refund: pending → succeeded/failed; anything else changes nothing. */
async function applyRefundNotification(ctx: AppContext, provider: string, orgId: string, n: Extract<PaymentNotification, { kind: 'refund' }>): Promise<string> {
  return transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<{ id: string; order_id: string; status: string; amount: number }>(
      `SELECT id, order_id, status, amount FROM refunds WHERE organization_id = $1 AND provider = $2 AND (provider_ref = $3 OR id = $4) FOR UPDATE`,
      [orgId, provider, n.refundRef, n.foyerRefundId ?? ''],
    );
    const refund = r.rows[0];
    // Not ours (made in the provider's dashboard): not marked processed.
    if (!refund) return 'unknown refund';
    if (!(await firstDelivery(tx, provider, n.eventId, orgId, refund.order_id, `refund:${n.status}`))) return 'duplicate';
    if (refund.status !== 'pending' || n.status === 'pending') return 'unchanged';
    // May arrive before the refund call's own answer was recorded (matched by our refund id then);
    // executeRefund keeps this final status when it records the answer.
    await tx.client.query(`UPDATE refunds SET status = $2 WHERE id = $1`, [refund.id, n.status]);
    if (n.status === 'failed') {
      await tx.client.query(`UPDATE orders SET refunded_amount = GREATEST(refunded_amount - $2, 0), updated_at = now() WHERE id = $1`, [refund.order_id, refund.amount]);
      await tx.client.query(`UPDATE refunds SET reason = coalesce(reason || ' — ', '') || 'failed at the provider' WHERE id = $1`, [refund.id]);
      await emitRefundFailed(ctx, tx, refund.id, byProvider(provider), `${provider} reports the refund failed`);
      ctx.log.warn({ refundId: refund.id }, 'provider reports the refund failed');
    }
    return `refund ${n.status}`;
  });
}

/** A dispute (chargeback) puts the order on hold until the organiser confirms or rejects it. */
async function applyDispute(ctx: AppContext, provider: string, orgId: string, n: Extract<PaymentNotification, { kind: 'dispute' }>): Promise<string> {
  const target = await findOrderFor(ctx, provider, { captureRef: n.captureRef });
  if (!target || target.organization_id !== orgId) return 'unknown order';
  return transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, target.id);
    if (!(await firstDelivery(tx, provider, n.eventId, orgId, order.id, 'dispute'))) return 'duplicate';
    if (order.status !== 'completed' && order.status !== 'partially_refunded') return 'unchanged';
    await transition(ctx, tx, order, 'on_hold', byProvider(provider), { reason: `payment disputed${n.reason ? ` (${n.reason})` : ''}: confirm or reject`, payload: { dispute: true } });
    return 'on_hold';
  });
}

/** After an order expired/failed/was cancelled unpaid: end the provider-side payment (Stripe: expire the session). */
export async function cancelProviderPayment(ctx: AppContext, orderId: string): Promise<void> {
  const o = await paymentRow(ctx.database.pool as unknown as Tx['client'], orderId);
  if (!o.payment_ref || o.payment_capture_ref || !gatewayFactories[o.payment_method]) return;
  const gateway = await gatewayFor(ctx, o.organization_id, o.payment_method);
  await gateway?.cancel?.(o.payment_ref);
}
