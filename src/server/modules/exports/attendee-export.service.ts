import { pipeline, Readable } from 'node:stream';
import type pg from 'pg';
import { stringify } from 'csv-stringify';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { findEvent, listTicketTypes } from '../events/events.repo.js';
import { attendeeOrderStatuses, paymentStatus } from '../orders/orders.service.js';
import { ticketStatus } from '../public/public-events.service.js';
import { registrationSource } from './registration-source.js';

export interface ExportOptions {
  includeUnpaid: boolean;
  includeBilling: boolean;
}

/** Rows per database round trip: big enough to be fast, small enough to keep memory flat. */
export const EXPORT_BATCH = 1000;

/**
 * Column names double as the import's headers (first name, last name, e-mail, ticket type,
 * session start, order id as the group), so an export can be re-imported into another event.
 */
export const EXPORT_COLUMNS = [
  'attendee id', 'first name', 'last name', 'e-mail', 'ticket type', 'session start',
  'attendee status', 'ticket status', 'order id', 'buyer first name', 'buyer last name', 'buyer e-mail',
  'is buyer', 'order status', 'payment status', 'payment method', 'order source',
  'registration status', 'join url', 'created at',
] as const;

interface AttendeeRow {
  id: string; first_name: string; last_name: string; email: string; is_buyer: boolean; status: string; created_at: Date;
  order_id: string; position: number; ticket_type_id: string; session_id: string | null;
}
interface OrderRow {
  id: string; status: string; total_amount: number; completed_at: Date | null; buyer_first_name: string; buyer_last_name: string;
  buyer_email: string; payment_method: string; source: string; billing: Record<string, string> | null;
}

/**
 * Streams an event's attendees as CSV (UTF-8 with BOM so spreadsheet programs detect the
 * encoding of Polish, Japanese, Russian and Korean names). Rows are read in keyset batches
 * (order id, position, attendee id — an index walk, no OFFSET) and the next batch is only
 * fetched when the HTTP response has drained the previous one, so memory stays flat for
 * any number of attendees. The event is checked first so a wrong ID is a JSON 404.
 *
 * Each batch is two index-driven queries (attendees by keyset, then their orders by id, see
 * readBatch) rather than one join: with a join the planner may scan orders from the start
 * for every batch. Ticket types and sessions are few and loaded once.
 */
export async function attendeeCsv(ctx: AppContext, organizationId: string, eventId: string, opts: ExportOptions) {
  const event = await findEvent(ctx.database.db, organizationId, eventId);
  const statuses = [...attendeeOrderStatuses(opts.includeUnpaid)];
  const billingKeys = opts.includeBilling ? await listBillingKeys(ctx, organizationId, eventId, statuses) : [];
  const header = [...EXPORT_COLUMNS, ...billingKeys.map((k) => `billing ${k}`)];
  const zone = event.timeZone;
  const pool = ctx.database.pool;
  const typeNames = new Map((await listTicketTypes(ctx.database.db, organizationId, eventId)).map((t) => [t.id, t.name]));
  const slots = await pool.query<{ id: string; starts_at: Date }>(`SELECT id, starts_at FROM sessions WHERE event_id = $1 AND organization_id = $2`, [eventId, organizationId]);
  const slotStart = new Map(slots.rows.map((x) => [x.id, DateTime.fromJSDate(x.starts_at).setZone(zone).toISO({ suppressMilliseconds: true })!]));

  async function* records(): AsyncGenerator<string[]> {
    yield header;
    let after: [string, number, string] = ['', -1, ''];
    for (;;) {
      const batch = await readBatch(pool, organizationId, eventId, after, statuses, opts.includeBilling);
      if (!batch.attendees.length) return;
      const orders = batch.orders;
      const rows = batch.attendees.filter((a) => orders.has(a.order_id));
      const reg = rows.length ? await registrationSource().forAttendees(ctx, organizationId, eventId, rows.map((x) => x.id)) : new Map();
      for (const a of rows) {
        const order = orders.get(a.order_id)!;
        const info = reg.get(a.id);
        yield [
          a.id, a.first_name, a.last_name, a.email, typeNames.get(a.ticket_type_id) ?? '', a.session_id ? (slotStart.get(a.session_id) ?? '') : '',
          a.status, ticketStatus(order.status, a.status), a.order_id, order.buyer_first_name, order.buyer_last_name, order.buyer_email,
          a.is_buyer ? 'yes' : 'no', order.status,
          paymentStatus({ totalAmount: order.total_amount, status: order.status as 'completed', completedAt: order.completed_at }),
          order.payment_method, order.source, info?.status ?? '', info?.joinUrl ?? '', a.created_at.toISOString(),
          ...billingKeys.map((k) => order.billing?.[k] ?? ''),
        ];
      }
      const last = batch.attendees[batch.attendees.length - 1]!;
      after = [last.order_id, last.position, last.id];
      if (batch.attendees.length < EXPORT_BATCH) return;
    }
  }

  // Readable.from pulls the generator only as fast as the stringifier (and the socket)
  // drain; pipeline tears both down if the client goes away or a query fails mid-way.
  const stream = stringify({ bom: true });
  pipeline(Readable.from(records(), { objectMode: true, highWaterMark: 64 }), stream, (err) => {
    if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') ctx.log.error({ err, eventId }, 'attendee export failed mid-stream');
  });
  return { stream, filename: `attendees-${event.slug}.csv` };
}

/**
 * One page of attendees (keyset after `after`) and their orders. The cost of a page must not
 * depend on where it is in the event, or 100,000 attendees take quadratic time. Without
 * fresh statistics (embedded PGlite has no autovacuum; PostgreSQL right after a bulk import)
 * the planner misjudges both queries: it bitmap-scans every remaining attendee of the event
 * and sorts them for each page, and reads orders through (organization, status) instead of
 * their primary key. So the attendee page runs with sorts and bitmap scans disabled (only
 * the ordered walk of `attendees_event_export` is left), and orders are fetched by id
 * alone, their organisation and status checked here. One short transaction per page, so
 * nothing is held while the client downloads.
 */
async function readBatch(pool: pg.Pool, organizationId: string, eventId: string, after: [string, number, string], statuses: string[], billing: boolean) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query('SET LOCAL enable_sort = off');
    await client.query('SET LOCAL enable_bitmapscan = off');
    const r = await client.query<AttendeeRow>(
      `SELECT id, first_name, last_name, email, is_buyer, status, created_at, order_id, position, ticket_type_id, session_id
         FROM attendees
        WHERE event_id = $1 AND organization_id = $2 AND (order_id, position, id) > ($3, $4, $5)
        ORDER BY event_id, order_id, position, id LIMIT ${EXPORT_BATCH}`,
      [eventId, organizationId, ...after],
    );
    const orders = new Map<string, OrderRow>();
    if (r.rows.length) {
      const o = await client.query<OrderRow & { organization_id: string }>(
        `SELECT id, organization_id, status, total_amount, completed_at, buyer_first_name, buyer_last_name, buyer_email, payment_method, source,
                ${billing ? 'billing' : 'NULL::jsonb AS billing'}
           FROM orders WHERE id = ANY($1)`,
        [[...new Set(r.rows.map((a) => a.order_id))]],
      );
      const wanted = new Set(statuses);
      for (const x of o.rows) if (x.organization_id === organizationId && wanted.has(x.status)) orders.set(x.id, x);
    }
    await client.query('COMMIT');
    return { attendees: r.rows, orders };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Billing fields differ per checkout form; each key any exported order used becomes a column. */
async function listBillingKeys(ctx: AppContext, organizationId: string, eventId: string, statuses: string[]) {
  const r = await ctx.database.pool.query<{ k: string }>(
    `SELECT DISTINCT k FROM orders o,
            jsonb_object_keys(CASE WHEN jsonb_typeof(o.billing) = 'object' THEN o.billing ELSE '{}'::jsonb END) AS k
      WHERE o.event_id = $1 AND o.organization_id = $2 AND o.status = ANY($3) ORDER BY k`,
    [eventId, organizationId, statuses],
  );
  return r.rows.map((x) => x.k);
}

/**
 * Content negotiation for the attendee list: CSV when the client ranks text/csv above JSON
 * (by q-value, then by order; a wildcard or missing Accept means JSON).
 */
export function prefersCsv(accept: string | undefined): boolean {
  const ranked = (accept ?? '').split(',').map((part, i) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    const q = params.find((x) => x.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    return { type, q: Number.isFinite(quality) ? quality : 0, i };
  });
  const csv = ranked.find((r) => r.type === 'text/csv');
  if (!csv || csv.q <= 0) return false;
  const json = ranked.find((r) => r.type === 'application/json');
  if (!json) return true;
  return csv.q > json.q || (csv.q === json.q && csv.i < json.i);
}
