import type { AppContext } from '../../context.js';
import { ORDER_STATUSES } from '../../db/schema/index.js';
import { money } from '../../lib/money.js';
import { findEvent, listTicketTypes } from '../events/events.repo.js';
import { registrationSource } from '../exports/registration-source.js';

/** Orders that were paid (or free-confirmed) at some point count as sales, whatever happened later. */
const PAID_ONCE = 'completed_at IS NOT NULL';

/**
 * Dashboard figures for one event (SPEC 6). Everything is aggregated in SQL so the cost
 * does not grow with the number of attendees in memory. Days are calendar days in the
 * event's time zone, which is what the organiser reads on the chart.
 */
export async function eventStats(ctx: AppContext, organizationId: string, eventId: string) {
  const event = await findEvent(ctx.database.db, organizationId, eventId);
  const pool = ctx.database.pool;
  const [types, sold, byStatus, revenue, daily, people, sync] = await Promise.all([
    listTicketTypes(ctx.database.db, organizationId, eventId),
    pool.query<{ ticket_type_id: string; sold: number; pending: number }>(
      `SELECT a.ticket_type_id,
              count(*) FILTER (WHERE o.status IN ('completed','partially_refunded'))::int AS sold,
              count(*) FILTER (WHERE o.status IN ('awaiting_payment','on_hold'))::int AS pending
         FROM attendees a JOIN orders o ON o.id = a.order_id
        WHERE a.event_id = $1 AND a.organization_id = $2 AND a.status = 'active' GROUP BY 1`,
      [eventId, organizationId],
    ),
    pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM orders WHERE event_id = $1 AND organization_id = $2 GROUP BY 1`, [eventId, organizationId]),
    pool.query<{ currency: string; gross: string; fee: string; refunded: string; orders: number }>(
      `SELECT currency, sum(total_amount)::bigint AS gross, sum(fee_amount)::bigint AS fee, sum(refunded_amount)::bigint AS refunded, count(*)::int AS orders
         FROM orders WHERE event_id = $1 AND organization_id = $2 AND ${PAID_ONCE} GROUP BY 1 ORDER BY 1`,
      [eventId, organizationId],
    ),
    pool.query<{ day: string; currency: string; orders: number; tickets: number; gross: string }>(
      `SELECT to_char(date_trunc('day', o.completed_at AT TIME ZONE $3), 'YYYY-MM-DD') AS day, o.currency,
              count(*)::int AS orders, sum(o.total_amount)::bigint AS gross,
              sum((SELECT count(*) FROM attendees a WHERE a.order_id = o.id))::int AS tickets
         FROM orders o WHERE o.event_id = $1 AND o.organization_id = $2 AND o.${PAID_ONCE}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [eventId, organizationId, event.timeZone],
    ),
    pool.query<{ active: number; buyers: number }>(
      `SELECT count(*)::int AS active, count(DISTINCT a.order_id)::int AS buyers FROM attendees a JOIN orders o ON o.id = a.order_id
        WHERE a.event_id = $1 AND a.organization_id = $2 AND a.status = 'active' AND o.status IN ('completed','partially_refunded')`,
      [eventId, organizationId],
    ),
    registrationSource().counts(ctx, organizationId, eventId),
  ]);
  const soldBy = new Map(sold.rows.map((r) => [r.ticket_type_id, r]));
  const orders = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<(typeof ORDER_STATUSES)[number], number>;
  for (const r of byStatus.rows) orders[r.status as keyof typeof orders] = r.n;
  return {
    eventId,
    timeZone: event.timeZone,
    capacity: event.capacity,
    reserved: event.reserved,
    ticketTypes: types.map((t) => ({
      id: t.id,
      name: t.name,
      capacity: t.capacity,
      sold: soldBy.get(t.id)?.sold ?? 0,
      pending: soldBy.get(t.id)?.pending ?? 0,
      remaining: t.capacity === null ? null : Math.max(0, t.capacity - t.reserved),
    })),
    orders,
    revenue: revenue.rows.map((r) => {
      const gross = Number(r.gross), fee = Number(r.fee), refunded = Number(r.refunded);
      // Same definition of net as on one order: what was taken, less refunds and the service fee.
      return { currency: r.currency, orders: r.orders, gross: money(gross, r.currency), fee: money(fee, r.currency), refunded: money(refunded, r.currency), net: money(gross - refunded - fee, r.currency) };
    }),
    salesPerDay: daily.rows.map((r) => ({ date: r.day, currency: r.currency, orders: r.orders, tickets: r.tickets, gross: money(Number(r.gross), r.currency) })),
    attendees: { active: people.rows[0]?.active ?? 0, orders: people.rows[0]?.buyers ?? 0 },
    registrations: sync,
  };
}
