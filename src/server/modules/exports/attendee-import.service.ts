import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { attendeeImports, type ImportIssue } from '../../db/schema/index.js';
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
const CHUNK = 500;

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
    await runImport(ctx, id);
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
 * Writes a validated import in one transaction (job or inline). The file is checked again
 * inside the transaction, after the seats are taken, because checkouts may have sold seats
 * or registered the same people since the upload. Idempotent: a finished import is skipped.
 */
export async function runImport(ctx: AppContext, importId: string): Promise<void> {
  const [imp] = await ctx.database.db.select().from(attendeeImports).where(eq(attendeeImports.id, importId));
  if (!imp || imp.status === 'completed' || imp.status === 'failed' || imp.csv === null) return;
  const pool = ctx.database.pool;
  await pool.query(`UPDATE attendee_imports SET status = 'running', processed = 0 WHERE id = $1`, [importId]);
  try {
    const { lines } = parseImportCsv(imp.csv);
    const created = await transaction(ctx.database.pool, async (tx) => {
      const pglite = (await tx.client.query<{ p: boolean }>(`SELECT version() LIKE '%PGlite%' AS p`)).rows[0]!.p;
      const plan = await validate(ctx, imp.organizationId, imp.eventId, lines, [], tx);
      if (plan.issues.length) throw rejected(importId, plan.issues);
      const seats = plan.orders.flatMap((o) => o.seats);
      // Counters first: this locks the event row, so no checkout can slip in between the
      // check above and the commit (same lock order as checkout, so no deadlock).
      await reserveSeats(tx, imp.eventId, sumSeats(seats));
      const dupes = await alreadyRegistered(tx.client, imp.eventId, seats);
      if (dupes.length) throw rejected(importId, dupes);
      let done = 0;
      for (let i = 0; i < plan.orders.length; i += CHUNK) {
        const chunk = plan.orders.slice(i, i + CHUNK);
        await writeOrders(ctx, tx, imp, plan.event.locale, chunk);
        done += chunk.reduce((n, o) => n + o.seats.length, 0);
        // Outside the transaction on purpose, so progress is visible before the commit. Not on
        // PGlite (embedded or test database): it serves one transaction at a time, so a second
        // connection would wait for this one; progress then jumps to the total at commit.
        if (!pglite) await pool.query(`UPDATE attendee_imports SET processed = $2 WHERE id = $1`, [importId, done]);
      }
      await ctx.outbox.emit(tx, {
        organizationId: imp.organizationId, type: 'attendees.imported', aggregateType: 'event', aggregateId: imp.eventId,
        payload: { eventId: imp.eventId, importId, actorId: imp.memberId, orders: plan.orders.length, attendees: seats.length },
      });
      await tx.client.query(`UPDATE attendee_imports SET status = 'completed', processed = $2, orders_created = $3, csv = NULL, finished_at = now() WHERE id = $1`, [importId, seats.length, plan.orders.length]);
      return plan.orders.length;
    });
    ctx.log.info({ importId, orders: created }, 'attendee import completed');
  } catch (err) {
    const errors: ImportIssue[] = err instanceof AppError
      ? ((err.details?.errors as ImportIssue[] | undefined) ?? [{ line: 0, field: 'import', message: err.message }])
      : [{ line: 0, field: 'import', message: 'the import failed unexpectedly; nothing was imported' }];
    await pool.query(`UPDATE attendee_imports SET status = 'failed', errors = $2, csv = NULL, finished_at = now() WHERE id = $1`, [importId, JSON.stringify(errors)]);
    if (!(err instanceof AppError)) throw err;
  }
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
async function writeOrders(ctx: AppContext, tx: Tx, imp: ImportRow, locale: string, orders: PlannedOrder[]) {
  const now = new Date();
  const rows = orders.map((o) => ({ ...o, id: newId('ord'), items: sumSeats(o.seats).map((l) => ({ ...l, id: newId('oit') })) }));
  await insertRows(tx.client, 'orders', ['id', 'organization_id', 'event_id', 'token', 'status', 'buyer_first_name', 'buyer_last_name', 'buyer_email', 'locale', 'payment_method', 'currency', 'subtotal_amount', 'total_amount', 'completed_at', 'source'],
    rows.map((o) => [o.id, imp.organizationId, imp.eventId, newSecretToken(), 'completed', o.seats[0]!.firstName, o.seats[0]!.lastName, o.seats[0]!.email, locale, 'free', o.currency, 0, 0, now, 'import']));
  await insertRows(tx.client, 'order_items', ['id', 'organization_id', 'order_id', 'ticket_type_id', 'session_id', 'quantity', 'unit_amount', 'currency'],
    rows.flatMap((o) => o.items.map((l) => [l.id, imp.organizationId, o.id, l.ticketTypeId, l.sessionId, l.quantity, 0, o.currency])));
  const attendeeRows = rows.flatMap((o) => o.seats.map((s, i) => {
    const item = o.items.find((l) => l.ticketTypeId === s.ticketTypeId && l.sessionId === s.sessionId)!;
    return [newId('att'), imp.organizationId, imp.eventId, o.id, item.id, s.ticketTypeId, s.sessionId, s.firstName, s.lastName, s.email, i === 0, newSecretToken(), i];
  }));
  for (let i = 0; i < attendeeRows.length; i += CHUNK) {
    await insertRows(tx.client, 'attendees', ['id', 'organization_id', 'event_id', 'order_id', 'order_item_id', 'ticket_type_id', 'session_id', 'first_name', 'last_name', 'email', 'is_buyer', 'ticket_token', 'position'], attendeeRows.slice(i, i + CHUNK));
  }
  await insertRows(tx.client, 'order_transitions', ['id', 'organization_id', 'order_id', 'from_status', 'to_status', 'actor_type', 'actor_id', 'reason'],
    rows.map((o) => [newId('otr'), imp.organizationId, o.id, null, 'completed', 'member', imp.memberId, `imported from CSV (${imp.id})`]));
  for (const o of rows) {
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
