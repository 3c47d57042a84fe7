import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { attendeeImports, type ImportIssue, type StoredImportOrder, type StoredImportPlan } from '../../db/schema/index.js';
import { insertRows } from '../../db/sql.js';
import { transaction, type Tx } from '../../db/transaction.js';
import { AppError, conflict, notFound } from '../../lib/errors.js';
import { newId, newSecretToken } from '../../lib/tokens.js';
import type { Principal } from '../auth/auth.service.js';
import { findEvent, listActiveSessions, listTicketTypes } from '../events/events.repo.js';
import { reserveSeats } from '../orders/inventory.js';
import { decodeUtf8, MAX_IMPORT_LINES, parseImportCsv } from './import-csv.parse.js';
import { alreadyRegistered, planImport, type PlannedOrder } from './import-plan.js';

/** Files up to this many attendees are written during the request; larger ones by a job. */
export const INLINE_IMPORT_LIMIT = 500;
export const IMPORT_JOB = 'attendees.import';
/**
 * Attendees (whole orders) written per transaction. Small on purpose: on embedded PGlite
 * every other query waits for the open chunk, and each order also emits its domain event
 * and jobs, so 100 attendees take about 0.25 s there (500 took about 1.2 s).
 */
export const IMPORT_CHUNK = 100;

type ImportRow = typeof attendeeImports.$inferSelect;

export function serializeImport(i: ImportRow) {
  return {
    importId: i.id, eventId: i.eventId, status: i.status, total: i.total, processed: i.processed,
    ordersCreated: i.ordersCreated, errors: i.errors, createdAt: i.createdAt.toISOString(), finishedAt: i.finishedAt?.toISOString() ?? null,
  };
}

const rejected = (importId: string, errors: ImportIssue[]) =>
  new AppError('import_invalid', 422, `${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was imported`, { importId, errors });

/**
 * Takes an upload: every line is checked before anything is written (all problems are
 * reported together, with line and column). A valid small file is imported at once; a
 * large one is queued and its progress read from GET /api/v1/imports/{importId}.
 */
export async function startImport(ctx: AppContext, p: Principal, eventId: string, upload: Buffer | string) {
  const event = await findEvent(ctx.database.db, p.organizationId, eventId);
  if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot take attendees');
  const decoded = typeof upload === 'string' ? { text: upload, issues: [] } : decodeUtf8(upload);
  // A UTF-16 file cannot be read at all: say that alone rather than "empty file" too.
  const { lines, issues, missing } = decoded.text || !decoded.issues.length ? parseImportCsv(decoded.text) : { lines: [], issues: [], missing: [] };
  const id = newId('imp');
  const base = { id, organizationId: p.organizationId, eventId, memberId: p.memberId, total: lines.length };
  const errors = [...decoded.issues, ...issues];
  // Lines are checked even when some had bad bytes or the header lacks a column (the other
  // columns still are), so one upload names every problem. Broken CSV structure yields no lines.
  if (lines.length && lines.length <= MAX_IMPORT_LINES) errors.push(...(await validate(ctx, p.organizationId, eventId, lines, missing)).issues);
  errors.sort((a, b) => a.line - b.line);
  if (errors.length) {
    await ctx.database.db.insert(attendeeImports).values({ ...base, status: 'failed', errors, finishedAt: new Date() });
    throw rejected(id, errors);
  }
  if (lines.length <= INLINE_IMPORT_LIMIT) {
    await ctx.database.db.insert(attendeeImports).values({ ...base, status: 'running', csv: decoded.text });
    try {
      await runImport(ctx, id);
    } catch (err) {
      // Seats already reserved and some orders maybe written: a job finishes the import.
      const [row] = await ctx.database.db.select({ status: attendeeImports.status }).from(attendeeImports).where(eq(attendeeImports.id, id));
      if (row?.status !== 'running') throw err;
      ctx.log.warn({ err, importId: id }, 'inline attendee import interrupted; a job continues it');
      await ctx.queue.send(IMPORT_JOB, { importId: id }, { singletonKey: id });
      return getImport(ctx, p.organizationId, id);
    }
    // Checkouts may have taken the last seats or registered someone since the check above.
    const done = await getImport(ctx, p.organizationId, id);
    if (done.status === 'failed') throw rejected(id, done.errors);
  } else {
    await transaction(ctx.database.pool, async (tx) => {
      await tx.db.insert(attendeeImports).values({ ...base, status: 'queued', csv: decoded.text });
      await ctx.queue.send(IMPORT_JOB, { importId: id }, { singletonKey: id, client: tx.client });
    });
  }
  return getImport(ctx, p.organizationId, id);
}

/** Runs on the import's transaction when given one: embedded PGlite serves one transaction at a time. */
async function validate(ctx: AppContext, organizationId: string, eventId: string, lines: ReturnType<typeof parseImportCsv>['lines'], missing: string[], tx: Tx | null = null) {
  const db = tx?.db ?? ctx.database.db;
  const event = await findEvent(db, organizationId, eventId);
  const types = await listTicketTypes(db, organizationId, eventId);
  const slots = await listActiveSessions(db, organizationId, eventId);
  return { event, ...(await planImport(tx?.client ?? ctx.database.pool, event, types.filter((t) => t.active), slots, lines, missing)) };
}

/**
 * Test seam: called after each chunk's transaction has committed (no transaction is open),
 * with the attendees written so far. A test may pause here to read progress or place an
 * order, or throw to simulate a worker dying between chunks.
 */
export const importHooks: { afterChunk?: (importId: string, processed: number) => Promise<void> | void } = {};

/**
 * Writes a validated import in short transactions, so progress is visible and other requests
 * (checkout included) are served between chunks, also on embedded PGlite, which runs one
 * transaction at a time.
 *
 * 1. Plan (one transaction): the file is checked again, after ALL its seats are taken,
 *    because checkouts may have sold seats or registered the same people since the upload.
 *    Every order, item and attendee gets its id and token here, and the plan is stored on
 *    the import row. Checkout refuses e-mails that a stored plan holds, so nobody can be
 *    registered twice while the import is being written. A refusal here writes nothing.
 * 2. Chunks: each transaction writes about IMPORT_CHUNK attendees (whole orders), emits their
 *    `order.completed` events and advances `orders_created`/`processed`; the last one also
 *    marks the import completed and clears the plan.
 *
 * Idempotent: a re-run (pg-boss retry after a crash) skips the plan step once a plan is
 * stored and continues at `orders_created`, read under the row lock; orders whose
 * pre-assigned id already exists are never inserted again.
 */
export async function runImport(ctx: AppContext, importId: string): Promise<void> {
  const [imp] = await ctx.database.db.select().from(attendeeImports).where(eq(attendeeImports.id, importId));
  if (!imp || imp.status === 'completed' || imp.status === 'failed') return;
  let plan = imp.plan;
  if (!plan) {
    if (imp.csv === null) return;
    await ctx.database.pool.query(`UPDATE attendee_imports SET status = 'running' WHERE id = $1 AND status = 'queued'`, [importId]);
    try {
      plan = await reserveAndPlan(ctx, imp, imp.csv);
    } catch (err) {
      const errors: ImportIssue[] = err instanceof AppError
        ? ((err.details?.errors as ImportIssue[] | undefined) ?? [{ line: 0, field: 'import', message: err.message }])
        : [{ line: 0, field: 'import', message: 'the import failed unexpectedly; nothing was imported' }];
      await ctx.database.pool.query(`UPDATE attendee_imports SET status = 'failed', errors = $2, csv = NULL, finished_at = now() WHERE id = $1 AND plan IS NULL`, [importId, JSON.stringify(errors)]);
      if (!(err instanceof AppError)) throw err;
      return;
    }
    if (!plan) return; // another run planned it first; that run writes it
  }
  // Seats are reserved and the plan is stored: from here an error leaves the import running,
  // and the retry continues where this run stopped.
  const attendeesIn = (orders: StoredImportOrder[]) => orders.reduce((n, o) => n + o.attendees.length, 0);
  const total = attendeesIn(plan.orders);
  for (;;) {
    const progress = await transaction(ctx.database.pool, async (tx) => {
      const r = await tx.client.query<{ status: string; orders_created: number }>(`SELECT status, orders_created FROM attendee_imports WHERE id = $1 FOR UPDATE`, [importId]);
      const row = r.rows[0];
      if (!row || row.status !== 'running') return null;
      const from = row.orders_created;
      let to = from;
      for (let seats = 0; to < plan.orders.length && seats < IMPORT_CHUNK; to++) seats += plan.orders[to]!.attendees.length;
      const chunk = plan.orders.slice(from, to);
      const existing = new Set((await tx.client.query<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1)`, [chunk.map((o) => o.id)])).rows.map((x) => x.id));
      await writeOrders(ctx, tx, imp, plan, chunk.filter((o) => !existing.has(o.id)));
      const processed = attendeesIn(plan.orders.slice(0, to));
      if (to < plan.orders.length) {
        await tx.client.query(`UPDATE attendee_imports SET orders_created = $2, processed = $3 WHERE id = $1`, [importId, to, processed]);
        return { processed, done: false };
      }
      await ctx.outbox.emit(tx, {
        organizationId: imp.organizationId, type: 'attendees.imported', aggregateType: 'event', aggregateId: imp.eventId,
        payload: { eventId: imp.eventId, importId, actorId: imp.memberId, orders: plan.orders.length, attendees: total },
      });
      await tx.client.query(`UPDATE attendee_imports SET status = 'completed', orders_created = $2, processed = $3, csv = NULL, plan = NULL, finished_at = now() WHERE id = $1`, [importId, to, processed]);
      return { processed, done: true };
    });
    if (!progress) return;
    if (progress.done) {
      ctx.log.info({ importId, orders: plan.orders.length, attendees: total }, 'attendee import completed');
      return;
    }
    await importHooks.afterChunk?.(importId, progress.processed);
  }
}

/** Step 1 of runImport: re-validate, reserve every seat, store the plan. Null if already planned. */
async function reserveAndPlan(ctx: AppContext, imp: ImportRow, csv: string): Promise<StoredImportPlan | null> {
  const { lines } = parseImportCsv(csv);
  return transaction(ctx.database.pool, async (tx) => {
    const cur = await tx.client.query<{ planned: boolean; status: string }>(`SELECT plan IS NOT NULL AS planned, status FROM attendee_imports WHERE id = $1 FOR UPDATE`, [imp.id]);
    if (!cur.rows[0] || cur.rows[0].planned || cur.rows[0].status !== 'running') return null;
    const checked = await validate(ctx, imp.organizationId, imp.eventId, lines, [], tx);
    if (checked.issues.length) throw rejected(imp.id, checked.issues);
    const seats = checked.orders.flatMap((o) => o.seats);
    // Counters first: this locks the event row, so no checkout can slip in between the
    // check below and the commit (same lock order as checkout, so no deadlock).
    await reserveSeats(tx, imp.eventId, sumSeats(seats));
    const dupes = await alreadyRegistered(tx.client, imp.eventId, seats);
    if (dupes.length) throw rejected(imp.id, dupes);
    const plan: StoredImportPlan = { locale: checked.event.locale, currency: checked.orders[0]?.currency ?? 'EUR', orders: checked.orders.map(assignIds) };
    await tx.client.query(`UPDATE attendee_imports SET plan = $2, csv = NULL, processed = 0, orders_created = 0 WHERE id = $1`, [imp.id, JSON.stringify(plan)]);
    return plan;
  });
}

function assignIds(o: PlannedOrder): StoredImportOrder {
  const items = sumSeats(o.seats).map((l) => ({ ...l, id: newId('oit') }));
  return {
    id: newId('ord'), token: newSecretToken(), items,
    attendees: o.seats.map((s) => ({
      id: newId('att'), token: newSecretToken(), itemId: items.find((l) => l.ticketTypeId === s.ticketTypeId && l.sessionId === s.sessionId)!.id,
      line: s.line, firstName: s.firstName, lastName: s.lastName, email: s.email, ticketTypeId: s.ticketTypeId, sessionId: s.sessionId,
    })),
  };
}

function sumSeats(seats: { ticketTypeId: string; sessionId: string | null }[]) {
  const m = new Map<string, { ticketTypeId: string; sessionId: string | null; quantity: number }>();
  for (const s of seats) {
    const k = `${s.ticketTypeId}|${s.sessionId ?? ''}`;
    const line = m.get(k) ?? { ticketTypeId: s.ticketTypeId, sessionId: s.sessionId, quantity: 0 };
    line.quantity++;
    m.set(k, line);
  }
  return [...m.values()];
}

/**
 * Imported orders look like free checkouts: completed, total 0, one transition by the
 * organiser, and `order.completed` through the outbox so conferencing registers them and
 * notifications send tickets exactly as for a purchase.
 */
async function writeOrders(ctx: AppContext, tx: Tx, imp: ImportRow, plan: StoredImportPlan, orders: StoredImportOrder[]) {
  if (!orders.length) return;
  const now = new Date();
  await insertRows(tx.client, 'orders', ['id', 'organization_id', 'event_id', 'token', 'status', 'buyer_first_name', 'buyer_last_name', 'buyer_email', 'locale', 'payment_method', 'currency', 'subtotal_amount', 'total_amount', 'completed_at', 'source'],
    orders.map((o) => [o.id, imp.organizationId, imp.eventId, o.token, 'completed', o.attendees[0]!.firstName, o.attendees[0]!.lastName, o.attendees[0]!.email, plan.locale, 'free', plan.currency, 0, 0, now, 'import']));
  await insertRows(tx.client, 'order_items', ['id', 'organization_id', 'order_id', 'ticket_type_id', 'session_id', 'quantity', 'unit_amount', 'currency'],
    orders.flatMap((o) => o.items.map((l) => [l.id, imp.organizationId, o.id, l.ticketTypeId, l.sessionId, l.quantity, 0, plan.currency])));
  const attendeeRows = orders.flatMap((o) => o.attendees.map((a, i) =>
    [a.id, imp.organizationId, imp.eventId, o.id, a.itemId, a.ticketTypeId, a.sessionId, a.firstName, a.lastName, a.email, i === 0, a.token, i]));
  for (let i = 0; i < attendeeRows.length; i += IMPORT_CHUNK) {
    await insertRows(tx.client, 'attendees', ['id', 'organization_id', 'event_id', 'order_id', 'order_item_id', 'ticket_type_id', 'session_id', 'first_name', 'last_name', 'email', 'is_buyer', 'ticket_token', 'position'], attendeeRows.slice(i, i + IMPORT_CHUNK));
  }
  await insertRows(tx.client, 'order_transitions', ['id', 'organization_id', 'order_id', 'from_status', 'to_status', 'actor_type', 'actor_id', 'reason'],
    orders.map((o) => [newId('otr'), imp.organizationId, o.id, null, 'completed', 'member', imp.memberId, `imported from CSV (${imp.id})`]));
  for (const o of orders) {
    await ctx.outbox.emit(tx, {
      organizationId: imp.organizationId, type: 'order.completed', aggregateType: 'order', aggregateId: o.id,
      payload: { eventId: imp.eventId, from: null, actor: { type: 'member', id: imp.memberId }, reason: 'imported from CSV', source: 'import', importId: imp.id },
    });
  }
}

export async function getImport(ctx: AppContext, organizationId: string, importId: string) {
  const [row] = await ctx.database.db.select().from(attendeeImports).where(and(eq(attendeeImports.id, importId), eq(attendeeImports.organizationId, organizationId)));
  if (!row) throw notFound('Import');
  return serializeImport(row);
}
