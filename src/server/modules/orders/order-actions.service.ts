import type { AppContext } from '../../context.js';
import type { events } from '../../db/schema/index.js';
import { transaction, type Tx } from '../../db/transaction.js';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import { paymentProvider } from '../../providers/payments/registry.js';
import type { Principal } from '../auth/auth.service.js';
import { releaseSeats } from './inventory.js';
import { lockOrder, transition, type Actor, type OrderRow } from './order-state.js';
import { refundThroughProvider, requestProviderRefund } from '../payments/payments.service.js';
import { gatewayFactories } from '../../providers/payments/gateways.js';

const member = (p: Principal): Actor => ({ type: 'member', id: p.memberId });

/** Organiser confirms a manual payment (or clears a dispute): on hold → completed. */
export async function confirmOrder(ctx: AppContext, p: Principal, orderId: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, orderId, p.organizationId);
    if (order.status === 'completed') return;
    if (order.status !== 'on_hold' && order.status !== 'awaiting_payment') {
      throw conflict('invalid_transition', `Only an order on hold or awaiting payment can be confirmed; this one is ${order.status.replace('_', ' ')}`);
    }
    await transition(ctx, tx, order, 'completed', member(p), { reason: 'payment confirmed by organiser' });
  });
}

/** Organiser rejects a manual payment: the order is cancelled, seats freed, the buyer told (order.cancelled with rejected). */
export async function rejectOrder(ctx: AppContext, p: Principal, orderId: string, reason?: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, orderId, p.organizationId);
    if (order.status !== 'on_hold' && order.status !== 'awaiting_payment') {
      throw conflict('invalid_transition', `Only an order on hold or awaiting payment can be rejected; this one is ${order.status.replace('_', ' ')}`);
    }
    await transition(ctx, tx, order, 'cancelled', member(p), { reason: reason ?? 'payment rejected by organiser', payload: { rejected: true } });
  });
}

export async function cancelOrder(ctx: AppContext, p: Principal, orderId: string, reason?: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, orderId, p.organizationId);
    if (order.status === 'cancelled') return;
    await transition(ctx, tx, order, 'cancelled', member(p), { reason: reason ?? 'cancelled by organiser' });
  });
}

/**
 * Refunds all or part of a paid order. A full refund ends the order (seats and
 * registrations released); a partial one keeps the tickets. Providers with a refund API
 * are called by the payments capability; manual payments record the refund the organiser
 * made by hand.
 */
export async function refundOrder(ctx: AppContext, p: Principal, orderId: string, amount?: number, reason?: string) {
  const m = await ctx.database.pool.query<{ payment_method: string }>(`SELECT payment_method FROM orders WHERE id = $1 AND organization_id = $2`, [orderId, p.organizationId]);
  if (!m.rows[0]) throw notFound('Order');
  if (gatewayFactories[m.rows[0].payment_method]) {
    // Stripe / PayPal / PayU: through the provider's refund API (payments.service.ts).
    await refundThroughProvider(ctx, p.organizationId, orderId, member(p), amount, reason);
    return;
  }
  return transaction(ctx.database.pool, async (tx) => refundInTx(ctx, tx, await lockOrder(tx, orderId, p.organizationId), member(p), amount, reason));
}

async function refundInTx(ctx: AppContext, tx: Tx, order: OrderRow, actor: Actor, amount?: number, reason?: string) {
  if (!['completed', 'partially_refunded'].includes(order.status)) {
    throw conflict('not_refundable', `Only a completed order can be refunded; this one is ${order.status.replace('_', ' ')}`);
  }
  const refundable = order.total_amount - order.refunded_amount;
  if (refundable <= 0) throw conflict('nothing_to_refund', 'This order was free or is fully refunded already');
  const value = amount ?? refundable;
  if (!Number.isInteger(value) || value < 1 || value > refundable) throw invalid('amount', `must be an integer between 1 and ${refundable} (minor units of ${order.currency})`);
  const provider = paymentProvider(order.payment_method);
  if (provider?.flow === 'redirect' && !provider.refund) throw new AppError('refund_unsupported', 409, `${order.payment_method} refunds are not available`);
  const refundId = newId('rfd');
  await tx.client.query(
    `INSERT INTO refunds (id, organization_id, order_id, amount, currency, status, provider, reason, actor_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [refundId, order.organization_id, order.id, value, order.currency, provider?.flow === 'redirect' ? 'pending' : 'succeeded', order.payment_method, reason ?? null, actor.id ?? null],
  );
  await tx.client.query(`UPDATE orders SET refunded_amount = refunded_amount + $2 WHERE id = $1`, [order.id, value]);
  order.refunded_amount += value;
  const full = order.refunded_amount >= order.total_amount;
  await transition(ctx, tx, order, full ? 'refunded' : 'partially_refunded', actor, { reason: reason ?? 'refund', payload: { refundId, amount: value, currency: order.currency } });
  return { refundId, amount: value, currency: order.currency, status: order.status };
}

/** Cancels one attendee of an order (partial cancellation); the last one ends the order. */
export async function cancelAttendee(ctx: AppContext, p: Principal, attendeeId: string, reason?: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<{ order_id: string; status: string; ticket_type_id: string; session_id: string | null; event_id: string }>(
      `SELECT order_id, status, ticket_type_id, session_id, event_id FROM attendees WHERE id = $1 AND organization_id = $2`,
      [attendeeId, p.organizationId],
    );
    const a = r.rows[0];
    if (!a) throw notFound('Attendee');
    const order = await lockOrder(tx, a.order_id, p.organizationId);
    if (a.status === 'cancelled') return;
    const others = await tx.client.query(`SELECT 1 FROM attendees WHERE order_id = $1 AND status = 'active' AND id <> $2 LIMIT 1`, [a.order_id, attendeeId]);
    if (!others.rowCount) {
      await transition(ctx, tx, order, 'cancelled', member(p), { reason: reason ?? 'last attendee cancelled', payload: { attendeeId } });
      return;
    }
    if (order.holds_seats) await releaseSeats(tx, a.event_id, [{ ticketTypeId: a.ticket_type_id, sessionId: a.session_id, quantity: 1 }]);
    await tx.client.query(`UPDATE attendees SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [attendeeId]);
    await ctx.outbox.emit(tx, {
      organizationId: p.organizationId,
      type: 'attendee.cancelled',
      aggregateType: 'attendee',
      aggregateId: attendeeId,
      payload: { orderId: a.order_id, eventId: a.event_id, actorId: p.memberId, reason: reason ?? null },
    });
  });
}

/** Expires an unpaid order whose hold ran out (job or sweeper); a no-op for any other state. */
export async function expireOrder(ctx: AppContext, orderId: string): Promise<boolean> {
  return transaction(ctx.database.pool, async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (order.status !== 'awaiting_payment') return false;
    const r = await tx.client.query<{ due: boolean }>(`SELECT hold_expires_at <= now() AS due FROM orders WHERE id = $1`, [orderId]);
    if (!r.rows[0]?.due) return false;
    return transition(ctx, tx, order, 'expired', { type: 'system' }, { reason: 'seat hold expired without payment' });
  });
}

/** Part of cancelling an event: ends every live order, refunding paid ones when asked. */
export async function cancelOrdersOfEvent(ctx: AppContext, tx: Tx, event: typeof events.$inferSelect, opts: { refund: boolean; actorId: string; reason: string }) {
  const r = await tx.client.query<{ id: string }>(
    `SELECT id FROM orders WHERE event_id = $1 AND organization_id = $2 AND status IN ('awaiting_payment','on_hold','completed','partially_refunded') ORDER BY id`,
    [event.id, event.organizationId],
  );
  const actor: Actor = { type: 'member', id: opts.actorId };
  const summary = { cancelled: 0, refunded: 0 };
  for (const { id } of r.rows) {
    const order = await lockOrder(tx, id, event.organizationId);
    const paid = order.total_amount - order.refunded_amount > 0;
    if (opts.refund && paid && (order.status === 'completed' || order.status === 'partially_refunded') && gatewayFactories[order.payment_method]) {
      // Provider refunds are sent after this commit by a job; the order is cancelled now and
      // becomes refunded when the provider accepts.
      await requestProviderRefund(ctx, tx, order, actor, undefined, opts.reason);
      await transition(ctx, tx, order, 'cancelled', actor, { reason: opts.reason, payload: { refundRequested: true } });
      summary.refunded++;
    } else if (opts.refund && paid && (order.status === 'completed' || order.status === 'partially_refunded')) {
      await refundInTx(ctx, tx, order, actor, undefined, opts.reason);
      summary.refunded++;
    } else {
      await transition(ctx, tx, order, 'cancelled', actor, { reason: opts.reason });
      summary.cancelled++;
    }
  }
  return summary;
}
