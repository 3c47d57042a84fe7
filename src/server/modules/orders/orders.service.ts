import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { attendees, orderItems, orders, orderTransitions, refunds, ticketTypes } from '../../db/schema/index.js';
import { readSnapshot } from '../../db/transaction.js';
import { notFound } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { findEvent } from '../events/events.repo.js';
import { ticketStatus, ticketUrl } from '../public/public-events.service.js';
import { registrationsByAttendee, summarizeRegistrations } from '../conferencing/registrations.service.js';

type OrderRow = typeof orders.$inferSelect;

export function serializeOrder(o: OrderRow) {
  return {
    id: o.id,
    eventId: o.eventId,
    status: o.status,
    paymentStatus: paymentStatus(o),
    buyer: { firstName: o.buyerFirstName, lastName: o.buyerLastName, email: o.buyerEmail },
    paymentMethod: o.paymentMethod,
    subtotal: money(o.subtotalAmount, o.currency),
    discount: money(o.discountAmount, o.currency),
    total: money(o.totalAmount, o.currency),
    fee: money(o.feeAmount, o.currency),
    net: money(o.totalAmount - o.refundedAmount - o.feeAmount, o.currency),
    refunded: money(o.refundedAmount, o.currency),
    currency: o.currency,
    source: o.source,
    billing: o.billing ?? null,
    holdExpiresAt: o.holdExpiresAt?.toISOString() ?? null,
    completedAt: o.completedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

/** The organiser's one-word view of the money side of an order. */
export function paymentStatus(o: Pick<OrderRow, 'totalAmount' | 'status' | 'completedAt'>): string {
  if (o.totalAmount === 0) return 'free';
  switch (o.status) {
    case 'awaiting_payment':
    case 'on_hold':
      return 'unpaid';
    case 'completed':
      return 'paid';
    case 'partially_refunded':
      return 'partially_refunded';
    case 'refunded':
      return 'refunded';
    case 'failed':
      return 'failed';
    default:
      return o.completedAt ? 'paid' : 'unpaid';
  }
}

export async function listEventOrders(ctx: AppContext, organizationId: string, eventId: string, status?: string) {
  await findEvent(ctx.database.db, organizationId, eventId);
  const where = [eq(orders.eventId, eventId), eq(orders.organizationId, organizationId)];
  if (status) where.push(eq(orders.status, status as 'completed'));
  const rows = await ctx.database.db.select().from(orders).where(and(...where)).orderBy(desc(orders.createdAt)).limit(5000);
  return rows.map(serializeOrder);
}

export async function getOrderDetail(ctx: AppContext, organizationId: string, orderId: string) {
  // One snapshot: the order row, its refunds and history are read as of the same moment.
  return readSnapshot(ctx.database.pool, async ({ db }) => {
    const [o] = await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.organizationId, organizationId)));
    if (!o) throw notFound('Order');
    // Sequential: the queries share the snapshot's one connection.
    const items = await db.select({ i: orderItems, tt: ticketTypes }).from(orderItems).innerJoin(ticketTypes, eq(ticketTypes.id, orderItems.ticketTypeId)).where(eq(orderItems.orderId, o.id));
    const people = await db.select().from(attendees).where(eq(attendees.orderId, o.id)).orderBy(asc(attendees.position), asc(attendees.id));
    const history = await db.select().from(orderTransitions).where(eq(orderTransitions.orderId, o.id)).orderBy(asc(orderTransitions.createdAt));
    const refundRows = await db.select().from(refunds).where(eq(refunds.orderId, o.id)).orderBy(asc(refunds.createdAt));
    return {
      ...serializeOrder(o),
      items: items.map(({ i, tt }) => ({ ticketTypeId: i.ticketTypeId, ticketTypeName: tt.name, sessionId: i.sessionId, quantity: i.quantity, unitPrice: money(i.unitAmount, i.currency) })),
      attendees: people.map((a) => serializeAttendee(ctx, a, o.status)),
      transitions: history.map((t) => ({ from: t.fromStatus, to: t.toStatus, actorType: t.actorType, actorId: t.actorId, reason: t.reason, at: t.createdAt.toISOString() })),
      refunds: refundRows.map((r) => ({ id: r.id, amount: money(r.amount, r.currency), status: r.status, reason: r.reason, createdAt: r.createdAt.toISOString() })),
    };
  });
}

export function serializeAttendee(ctx: AppContext, a: typeof attendees.$inferSelect, orderStatus: string) {
  return {
    id: a.id,
    orderId: a.orderId,
    ticketTypeId: a.ticketTypeId,
    sessionId: a.sessionId,
    firstName: a.firstName,
    lastName: a.lastName,
    email: a.email,
    isBuyer: a.isBuyer,
    status: a.status,
    ticketStatus: ticketStatus(orderStatus, a.status),
    ticketUrl: ticketUrl(ctx, a.ticketToken),
    createdAt: a.createdAt.toISOString(),
  };
}

/** Order states whose attendees an organiser lists or exports: paid/confirmed, plus unpaid ones on request. */
export function attendeeOrderStatuses(includeUnpaid = false) {
  return includeUnpaid
    ? (['completed', 'partially_refunded', 'awaiting_payment', 'on_hold'] as const)
    : (['completed', 'partially_refunded'] as const);
}

/** Attendees of an event; by default only those of paid/confirmed orders. */
export async function listEventAttendees(ctx: AppContext, organizationId: string, eventId: string, opts: { includeUnpaid?: boolean }) {
  await findEvent(ctx.database.db, organizationId, eventId);
  const statuses = attendeeOrderStatuses(opts.includeUnpaid);
  const rows = await ctx.database.db
    .select({ a: attendees, status: orders.status, totalAmount: orders.totalAmount, completedAt: orders.completedAt, paymentMethod: orders.paymentMethod })
    .from(attendees)
    .innerJoin(orders, eq(orders.id, attendees.orderId))
    .where(and(eq(attendees.eventId, eventId), eq(attendees.organizationId, organizationId), inArray(orders.status, [...statuses])))
    .orderBy(asc(attendees.lastName), asc(attendees.firstName), asc(attendees.id));
  const regs = await registrationsByAttendee(ctx, rows.map((r) => r.a.id));
  return rows.map((r) => ({
    ...serializeAttendee(ctx, r.a, r.status),
    orderStatus: r.status,
    paymentStatus: paymentStatus({ totalAmount: r.totalAmount, status: r.status, completedAt: r.completedAt }),
    paymentMethod: r.paymentMethod,
    ...summarizeRegistrations(regs.get(r.a.id)),
  }));
}
