import type { AppContext } from '../../context.js';
import type { OrderStatus } from '../../db/schema/index.js';
import type { Tx } from '../../db/transaction.js';
import { conflict, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import { releaseSeats, type SeatLine } from './inventory.js';

/** The order state machine of SPEC 4: every allowed move, nothing else. */
const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  awaiting_payment: ['on_hold', 'completed', 'expired', 'failed', 'cancelled'],
  on_hold: ['completed', 'cancelled'],
  // on_hold: a provider dispute waits for the organiser's Confirm / Reject.
  completed: ['cancelled', 'refunded', 'partially_refunded', 'on_hold'],
  partially_refunded: ['partially_refunded', 'refunded', 'cancelled', 'on_hold'],
  refunded: [],
  // A cancelled paid order is refunded once the provider accepts the refund (event cancelled with refund).
  cancelled: ['refunded', 'partially_refunded'],
  // Late payment for an ended order: honoured (completed) or refunded automatically (payments.service.ts).
  expired: ['completed', 'refunded'],
  failed: ['completed', 'refunded'],
};

/** States in which an order's seats count against capacity. */
const HOLDS_SEATS = new Set<OrderStatus>(['awaiting_payment', 'on_hold', 'completed', 'partially_refunded']);

export interface Actor {
  type: 'member' | 'buyer' | 'system' | 'provider';
  id?: string | null;
}

export interface OrderRow {
  id: string;
  organization_id: string;
  event_id: string;
  status: OrderStatus;
  holds_seats: boolean;
  total_amount: number;
  refunded_amount: number;
  currency: string;
  payment_method: string;
}

/** Locks the order row for the rest of the transaction; scoped to the organisation when given. */
export async function lockOrder(tx: Tx, orderId: string, organizationId?: string): Promise<OrderRow> {
  const r = await tx.client.query<OrderRow>(
    `SELECT id, organization_id, event_id, status, holds_seats, total_amount, refunded_amount, currency, payment_method
       FROM orders WHERE id = $1 ${organizationId ? 'AND organization_id = $2' : ''} FOR UPDATE`,
    organizationId ? [orderId, organizationId] : [orderId],
  );
  if (!r.rows[0]) throw notFound('Order');
  return r.rows[0];
}

/** Seats an order still holds: its active attendees, per ticket type and session. */
export async function activeSeatLines(tx: Tx, orderId: string): Promise<SeatLine[]> {
  const r = await tx.client.query<{ ticket_type_id: string; session_id: string | null; n: number }>(
    `SELECT ticket_type_id, session_id, count(*)::int AS n FROM attendees WHERE order_id = $1 AND status = 'active' GROUP BY 1, 2`,
    [orderId],
  );
  return r.rows.map((x) => ({ ticketTypeId: x.ticket_type_id, sessionId: x.session_id, quantity: x.n }));
}

/**
 * Moves an order to `to`: checks the move is allowed, records who caused it, gives seats
 * back when leaving a seat-holding state, and emits `order.<to>` in the same transaction.
 * Returns false (and changes nothing) when the order is already in `to`, so a replayed
 * notification or a double click is harmless.
 */
export async function transition(
  ctx: AppContext,
  tx: Tx,
  order: OrderRow,
  to: OrderStatus,
  actor: Actor,
  opts: { reason?: string; payload?: Record<string, unknown> } = {},
): Promise<boolean> {
  if (order.status === to && to !== 'partially_refunded') return false;
  if (!ALLOWED[order.status].includes(to)) {
    throw conflict('invalid_transition', `An order that is ${order.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`, { from: order.status, to });
  }
  const releases = order.holds_seats && !HOLDS_SEATS.has(to);
  if ((to === 'expired' || to === 'failed' || to === 'cancelled') && (order.status === 'awaiting_payment' || order.status === 'on_hold')) {
    // An order that ends before completion gives its promo code use back.
    await tx.client.query(
      `UPDATE promo_codes p SET used_count = GREATEST(p.used_count - 1, 0) FROM orders o WHERE o.id = $1 AND p.id = o.promo_code_id AND o.completed_at IS NULL`,
      [order.id],
    );
  }
  if (releases) {
    const lines = await activeSeatLines(tx, order.id);
    await releaseSeats(tx, order.event_id, lines);
    await tx.client.query(`UPDATE attendees SET status = 'cancelled', cancelled_at = now() WHERE order_id = $1 AND status = 'active'`, [order.id]);
  }
  await tx.client.query(
    `UPDATE orders SET status = $2, holds_seats = $3, updated_at = now(),
       completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END,
       hold_expires_at = CASE WHEN $2 = 'awaiting_payment' THEN hold_expires_at ELSE NULL END
     WHERE id = $1`,
    [order.id, to, releases ? false : order.holds_seats],
  );
  await tx.client.query(
    `INSERT INTO order_transitions (id, organization_id, order_id, from_status, to_status, actor_type, actor_id, reason) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [newId('otr'), order.organization_id, order.id, order.status, to, actor.type, actor.id ?? null, opts.reason ?? null],
  );
  await ctx.outbox.emit(tx, {
    organizationId: order.organization_id,
    type: `order.${to}`,
    aggregateType: 'order',
    aggregateId: order.id,
    payload: { eventId: order.event_id, from: order.status, actor, reason: opts.reason ?? null, ...opts.payload },
  });
  order.status = to;
  if (releases) order.holds_seats = false;
  return true;
}
