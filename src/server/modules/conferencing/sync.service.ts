import type { AppContext } from '../../context.js';
import { transaction, type Tx } from '../../db/transaction.js';
import { newId } from '../../lib/tokens.js';
import { ConferenceGone, ProviderError, RateLimited, type ConferencingProvider, type RegistrantIn, type RegistrantOut } from '../../providers/conferencing/port.js';
import { providerFor, type AccountRow } from './accounts.service.js';

export const SYNC_JOB = 'conferencing.sync';
/** After this many failed attempts (backoff 1 s, 2 s, … 128 s ≈ 4 minutes) a registration shows as failed; the retry button resets it. */
export const MAX_ATTEMPTS = 8;
/** Waits up to this long in-process on a 429; longer waits reschedule the job. */
const INLINE_WAIT_MS = 10_000;
/** In-process 429 waits of one step add up to at most this; then the job is rescheduled (and its leases released). */
const INLINE_WAIT_TOTAL_MS = 60_000;
/**
 * Heavy-category (batch) endpoints refused until this time, per organisation and provider: after a
 * long Heavy 429 (Zoom's daily quota) registrants go one by one through the Light endpoint instead.
 */
const heavyBlockedUntil = new Map<string, number>();
/** Provider calls in flight per conference. */
const PARALLEL_CALLS = 4;

export interface ConferenceRow {
  id: string;
  organization_id: string;
  event_id: string;
  session_id: string | null;
  provider: string;
  account_id: string | null;
  mode: 'generated' | 'linked';
  kind: 'meeting' | 'webinar';
  external_id: string;
  join_url: string | null;
  start_url: string | null;
  passcode: string | null;
  description: string | null;
  host_id: string | null;
  host_email: string | null;
  settings: Record<string, unknown>;
  registrant_limit: number | null;
  registration_enabled: boolean;
  batch_allowed: boolean;
  status: 'active' | 'deleted' | 'replaced';
}

/** Which conferences a ticket covers: event-wide ones, and the attendee's slot (or every session). */
const COVERS = `c.event_id = a.event_id AND c.status = 'active' AND (c.session_id IS NULL OR a.session_id IS NULL OR c.session_id = a.session_id)`;
const LIVE_ORDER = `o.status IN ('completed','partially_refunded') AND a.status = 'active'`;

export async function sendSync(ctx: AppContext, conferenceIds: Iterable<string>, opts: { client?: Tx['client']; startAfter?: Date } = {}) {
  for (const id of new Set(conferenceIds)) {
    if (opts.startAfter && opts.startAfter.getTime() > Date.now() + 1000) {
      // A delayed run has a key of its own (per 5-second slot): one waiting for a backoff or a
      // Retry-After must not swallow an immediate one (a new order, the retry button).
      const slot = Math.ceil(opts.startAfter.getTime() / 5000) * 5000;
      await ctx.queue.send(SYNC_JOB, { conferenceId: id }, { singletonKey: `${id}@${slot}`, client: opts.client, startAfter: new Date(slot) });
    } else {
      await ctx.queue.send(SYNC_JOB, { conferenceId: id }, { singletonKey: id, client: opts.client });
    }
  }
}

/**
 * Writes registration intents for live attendees (optionally of one order / one conference) and
 * queues the sync. The order row is locked FOR SHARE so a cancellation cannot slip in between
 * reading its status and writing the intents.
 */
export async function addIntents(ctx: AppContext, tx: Tx, filter: { orderId?: string; conferenceId?: string; eventId?: string }): Promise<string[]> {
  if (filter.orderId) await tx.client.query(`SELECT 1 FROM orders WHERE id = $1 FOR SHARE`, [filter.orderId]);
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.orderId) where.push(`a.order_id = $${args.push(filter.orderId)}`);
  if (filter.conferenceId) where.push(`c.id = $${args.push(filter.conferenceId)}`);
  if (filter.eventId) where.push(`a.event_id = $${args.push(filter.eventId)}`);
  const r = await tx.client.query<{ conference_id: string }>(
    `INSERT INTO registrations (id, organization_id, event_id, conference_id, attendee_id, email, status)
     SELECT 'reg_' || md5(c.id || a.id), a.organization_id, a.event_id, c.id, a.id, a.email, 'pending'
       FROM attendees a JOIN orders o ON o.id = a.order_id JOIN conferences c ON ${COVERS}
      WHERE ${LIVE_ORDER} ${where.length ? 'AND ' + where.join(' AND ') : ''}
     ON CONFLICT (conference_id, attendee_id) DO UPDATE SET status = 'pending', attempts = 0, last_error = NULL, next_attempt_at = NULL, updated_at = now()
       WHERE registrations.status IN ('cancelled','cancel_pending')
     RETURNING conference_id`,
    args,
  );
  const ids = [...new Set(r.rows.map((x) => x.conference_id))];
  await sendSync(ctx, ids, { client: tx.client });
  return ids;
}

/** Marks registrations for cancellation with the provider and queues the sync. */
export async function cancelIntents(ctx: AppContext, tx: Tx, filter: { orderId?: string; attendeeId?: string; conferenceId?: string; eventId?: string }) {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.orderId) where.push(`attendee_id IN (SELECT id FROM attendees WHERE order_id = $${args.push(filter.orderId)})`);
  if (filter.attendeeId) where.push(`attendee_id = $${args.push(filter.attendeeId)}`);
  if (filter.conferenceId) where.push(`conference_id = $${args.push(filter.conferenceId)}`);
  if (filter.eventId) where.push(`event_id = $${args.push(filter.eventId)}`);
  if (!where.length) throw new Error('cancelIntents needs a filter');
  const r = await tx.client.query<{ conference_id: string }>(
    // A pending row keeps its next_attempt_at: it may be leased by a sync job with a call in flight,
    // and cancelling before that add lands would leave the person registered at the provider.
    `UPDATE registrations SET status = 'cancel_pending', attempts = 0, next_attempt_at = CASE WHEN status = 'pending' THEN next_attempt_at END, updated_at = now()
      WHERE ${where.join(' AND ')} AND status IN ('pending','registered','failed') RETURNING conference_id`,
    args,
  );
  await sendSync(ctx, r.rows.map((x) => x.conference_id), { client: tx.client });
}

export async function loadConference(ctx: AppContext, conferenceId: string): Promise<ConferenceRow | null> {
  const r = await ctx.database.pool.query<ConferenceRow>(`SELECT * FROM conferences WHERE id = $1`, [conferenceId]);
  return r.rows[0] ?? null;
}

export async function conferenceProvider(ctx: AppContext, c: ConferenceRow): Promise<ConferencingProvider> {
  let account: AccountRow | null = null;
  if (c.account_id) account = (await ctx.database.pool.query<AccountRow>(`SELECT * FROM conferencing_accounts WHERE id = $1`, [c.account_id])).rows[0] ?? null;
  return providerFor(ctx, c.organization_id, c.provider, account, c.provider === 'custom_link' ? { url: c.join_url, password: c.passcode } : {});
}

interface PendingRow {
  id: string;
  attendee_id: string;
  email: string;
  first_name: string;
  last_name: string;
  attempts: number;
  created_at: Date;
}

/** Where a sync pass stopped early: its unfinished leased rows wait until then. */
interface PassState {
  stopAt: Date | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sweeper (run with the periodic reconciliation): queues a sync for every conference with work
 * left, so rows of a worker that died — or whose rescheduled job was lost — are picked up.
 */
export async function sweepStuckSyncs(ctx: AppContext, organizationId?: string): Promise<number> {
  // Stuck = due (or untouched) for longer than a lease: a live job would have taken it by then.
  const r = await ctx.database.pool.query<{ conference_id: string }>(
    `SELECT DISTINCT conference_id FROM registrations
      WHERE status IN ('pending','cancel_pending') AND coalesce(next_attempt_at, updated_at) < now() - make_interval(secs => $1) ${organizationId ? 'AND organization_id = $2' : ''}`,
    organizationId ? [ctx.config.SYNC_LEASE_SECONDS, organizationId] : [ctx.config.SYNC_LEASE_SECONDS],
  );
  await sendSync(ctx, r.rows.map((x) => x.conference_id));
  return r.rows.length;
}

/** Counters a benchmark or test can read. */
export const syncStats = { providerCalls: 0, rateLimited: 0, transientErrors: 0 };

/**
 * The sync job: makes the provider match the intents of one conference. Safe to run again at
 * any point: a registration is marked registered only after the provider answered, and a
 * retry of a call whose answer was lost re-adds the same e-mail, which the provider resolves to
 * the existing registrant (e-mail is the key per conference) — nobody is registered twice.
 *
 * Several jobs may work on one conference at once (a new order while a big conversion runs, or
 * a job whose worker died still counted as active): each leases the pending rows it takes
 * (`next_attempt_at` = now + SYNC_LEASE_SECONDS, FOR UPDATE SKIP LOCKED), so they split the work
 * instead of repeating it, and rows of a dead worker become free once its lease runs out.
 */
export async function syncConference(ctx: AppContext, conferenceId: string): Promise<void> {
  const c = await loadConference(ctx, conferenceId);
  if (!c) return;
  let provider: ConferencingProvider;
  try {
    provider = await conferenceProvider(ctx, c);
  } catch (e) {
    await failAll(ctx, c, `Cannot reach ${c.provider}: ${(e as Error).message}`);
    return;
  }
  const pool = ctx.database.pool;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (Date.now() > deadline) return sendSync(ctx, [c.id]);
    // Cancellations first: they free seats/e-mails that a re-registration may need.
    const cancels = await pool.query<{ id: string; email: string }>(
      `SELECT id, email FROM registrations WHERE conference_id = $1 AND status = 'cancel_pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY id LIMIT 300`,
      [c.id],
    );
    if (cancels.rows.length) {
      const ok = await guarded(ctx, c, cancels.rows, { stopAt: null }, async () => {
        // Still registered under another live attendee of the same conference? Keep it.
        const emails = cancels.rows.map((r) => r.email);
        const keep = await pool.query<{ email: string }>(`SELECT email FROM registrations WHERE conference_id = $1 AND status IN ('registered','pending') AND email = ANY($2)`, [c.id, emails]);
        const keepSet = new Set(keep.rows.map((r) => r.email));
        const drop = [...new Set(emails.filter((e) => !keepSet.has(e)))];
        if (drop.length && provider.capabilities.registration && c.status !== 'deleted') {
          syncStats.providerCalls++;
          await provider.cancelRegistrants(ref(c), drop);
        }
        await pool.query(`UPDATE registrations SET status = 'cancelled', cancelled_at = now(), last_error = NULL, updated_at = now() WHERE id = ANY($1) AND status = 'cancel_pending'`, [cancels.rows.map((r) => r.id)]);
      });
      if (ok === 'stop') return;
      continue;
    }
    if (c.status !== 'active') {
      // A replaced/deleted conference registers nobody new.
      await pool.query(`UPDATE registrations SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE conference_id = $1 AND status = 'pending'`, [c.id]);
      return;
    }
    const leaseUntil = new Date(Date.now() + ctx.config.SYNC_LEASE_SECONDS * 1000);
    const claimed = await pool.query<PendingRow>(
      `WITH picked AS (
         SELECT id FROM registrations WHERE conference_id = $1 AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
          ORDER BY created_at, id LIMIT 300 FOR UPDATE SKIP LOCKED)
       UPDATE registrations r SET next_attempt_at = $2 FROM picked, attendees a WHERE r.id = picked.id AND a.id = r.attendee_id
       RETURNING r.id, r.attendee_id, r.email, a.first_name, a.last_name, r.attempts, r.created_at`,
      [c.id, leaseUntil],
    );
    if (!claimed.rows.length) break;
    const rows = claimed.rows.sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || (x.id < y.id ? -1 : 1));
    const pass: PassState = { stopAt: null };
    const heavyKey = `${c.organization_id}:${c.provider}`;
    const batchOk = provider.capabilities.batchRegistration && provider.registerBatch && c.batch_allowed && (heavyBlockedUntil.get(heavyKey) ?? 0) <= Date.now();
    const batchSize = batchOk ? provider.capabilities.maxBatch : 1;
    const chunks: PendingRow[][] = [];
    for (let i = 0; i < rows.length; i += batchSize) chunks.push(rows.slice(i, i + batchSize));
    // A few calls in flight hide the round trip and our own writes behind the provider's rate
    // limit; a 429 makes every lane wait for Retry-After.
    let next = 0;
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, chunks.length) }, async () => {
        while (!pass.stopAt && next < chunks.length) {
          const chunk = chunks[next++]!;
          await registerChunk(ctx, c, provider, chunk, pass);
        }
      }));
    } finally {
      // Rows this pass leased but did not finish are free again (at the Retry-After time if it stopped).
      await pool.query(`UPDATE registrations SET next_attempt_at = $3 WHERE id = ANY($1) AND status = 'pending' AND next_attempt_at = $2`, [rows.map((r) => r.id), leaseUntil, pass.stopAt]);
    }
    if (pass.stopAt) return;
  }
  // Rows waiting for a backoff: come back when the first is due.
  const next = await pool.query<{ at: Date | null }>(`SELECT min(next_attempt_at) AS at FROM registrations WHERE conference_id = $1 AND status IN ('pending','cancel_pending')`, [c.id]);
  if (next.rows[0]?.at) await sendSync(ctx, [c.id], { startAfter: next.rows[0].at });
  await pool.query(`UPDATE conferences SET last_synced_at = now() WHERE id = $1`, [c.id]);
}

function ref(c: ConferenceRow) {
  return { externalId: c.external_id, kind: c.kind, joinUrl: c.join_url };
}

async function registerChunk(ctx: AppContext, c: ConferenceRow, provider: ConferencingProvider, chunk: PendingRow[], pass: PassState): Promise<'ok' | 'stop'> {
  const people: RegistrantIn[] = chunk.map((r) => ({ email: r.email, firstName: r.first_name, lastName: r.last_name || '-' }));
  const opts = { sendProviderEmail: c.settings.joinLinkSender === 'zoom' };
  if (chunk.length > 1 && provider.registerBatch) {
    let batchError: unknown = null;
    const done = await guarded(ctx, c, chunk, pass, async () => {
      try {
        syncStats.providerCalls++;
        const out = await provider.registerBatch!(ref(c), people, opts);
        await markRegistered(ctx, c, chunk, out);
      } catch (e) {
        // A permanent refusal of the whole batch (one bad e-mail, type change): fall back to
        // single adds, so one registrant's problem fails only that registrant.
        if (e instanceof ProviderError && !e.retryable && !(e instanceof ConferenceGone)) batchError = e;
        // Zoom limits by category: batch adds are Heavy (with a daily quota), single adds Light.
        // A long Heavy wait is not a reason to stop registering people one by one.
        else if (e instanceof RateLimited && e.retryAfterMs > INLINE_WAIT_MS && (e.category ?? '').toLowerCase() === 'heavy') {
          heavyBlockedUntil.set(`${c.organization_id}:${c.provider}`, Date.now() + e.retryAfterMs);
          syncStats.rateLimited++;
          batchError = e;
        } else throw e;
      }
    });
    if (done === 'stop') return 'stop';
    if (!batchError) return 'ok';
  }
  for (const row of chunk) {
    if (pass.stopAt) return 'stop';
    const done = await guarded(ctx, c, [row], pass, async () => {
      syncStats.providerCalls++;
      const out = await provider.registerAttendee(ref(c), { email: row.email, firstName: row.first_name, lastName: row.last_name || '-' }, opts);
      await markRegistered(ctx, c, [row], [out]);
    });
    if (done === 'stop') return 'stop';
  }
  return 'ok';
}

async function markRegistered(ctx: AppContext, c: ConferenceRow, rows: PendingRow[], out: RegistrantOut[]) {
  const byEmail = new Map(out.map((o) => [o.email.toLowerCase(), o]));
  const matched = rows.flatMap((row) => {
    const o = byEmail.get(row.email.toLowerCase());
    return o ? [{ row, o }] : [];
  });
  if (!matched.length) return;
  await transaction(ctx.database.pool, async (tx) => {
    // One statement for the whole batch; rows cancelled meanwhile stay cancel_pending.
    const u = await tx.client.query<{ id: string }>(
      `UPDATE registrations r SET status = 'registered', provider_registrant_id = v.rid, join_url = v.url, last_error = NULL, registered_at = now(), attempts = r.attempts + 1, next_attempt_at = NULL, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, rid, url) WHERE r.id = v.id AND r.status = 'pending' RETURNING r.id`,
      [matched.map((m) => m.row.id), matched.map((m) => m.o.registrantId), matched.map((m) => m.o.joinUrl)],
    );
    const done = new Set(u.rows.map((x) => x.id));
    for (const { row, o } of matched) {
      if (done.has(row.id)) {
        await ctx.outbox.emit(tx, {
          organizationId: c.organization_id, type: 'registration.registered', aggregateType: 'attendee', aggregateId: row.attendee_id,
          payload: { attendeeId: row.attendee_id, conferenceId: c.id, eventId: c.event_id, registrationId: row.id, provider: c.provider, joinUrl: o.joinUrl },
        });
      }
    }
  });
}

/**
 * Runs one provider step and records its failure on the rows: a 429 waits (in-process if short,
 * else the job is rescheduled for Retry-After), a transient error backs off per row, a
 * permanent one fails the rows with the provider's message. Never falls back to another link.
 */
async function guarded(ctx: AppContext, c: ConferenceRow, rows: { id: string; attempts?: number }[], pass: PassState, step: () => Promise<void>): Promise<'ok' | 'stop' | 'failed'> {
  let waited = 0;
  for (;;) {
    try {
      await step();
      return 'ok';
    } catch (e) {
      if (e instanceof RateLimited) {
        syncStats.rateLimited++;
        if (e.retryAfterMs <= INLINE_WAIT_MS && waited + e.retryAfterMs <= INLINE_WAIT_TOTAL_MS && !pass.stopAt) {
          // Retry-After honoured in-process: this lane sleeps, the others meet the same limit.
          waited += Math.max(50, e.retryAfterMs);
          await sleep(Math.max(50, e.retryAfterMs));
          continue;
        }
        const at = pass.stopAt ?? new Date(Date.now() + Math.max(e.retryAfterMs, 1000));
        pass.stopAt = at;
        await sendSync(ctx, [c.id], { startAfter: at });
        await ctx.database.pool.query(
          `UPDATE registrations SET last_error = $2, next_attempt_at = CASE WHEN status = 'pending' THEN $3::timestamptz ELSE next_attempt_at END, updated_at = now() WHERE id = ANY($1)`,
          [rows.map((r) => r.id), `${e.message}; waiting until ${at.toISOString()}`, at],
        );
        return 'stop';
      }
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof ConferenceGone) {
        await recordGone(ctx, c, message);
        return 'stop';
      }
      const retryable = !(e instanceof ProviderError) || e.retryable;
      if (!(e instanceof ProviderError)) ctx.log.warn({ err: e, conferenceId: c.id }, 'conferencing sync step failed');
      if (retryable) syncStats.transientErrors++;
      await transaction(ctx.database.pool, async (tx) => {
        const r = await tx.client.query<{ id: string; attendee_id: string; status: string; attempts: number }>(
          `UPDATE registrations SET attempts = attempts + 1, last_error = $2, updated_at = now(),
             status = CASE WHEN status = 'pending' AND (NOT $3 OR attempts + 1 >= $4) THEN 'failed' ELSE status END,
             next_attempt_at = CASE WHEN $3 THEN now() + ($5::int * interval '1 millisecond') * power(2, least(attempts, 7)) ELSE NULL END
           WHERE id = ANY($1) RETURNING id, attendee_id, status, attempts`,
          [rows.map((r) => r.id), message.slice(0, 1000), retryable, MAX_ATTEMPTS, 1000],
        );
        for (const row of r.rows) {
          if (row.status !== 'failed') continue;
          await ctx.outbox.emit(tx, {
            organizationId: c.organization_id, type: 'registration.failed', aggregateType: 'attendee', aggregateId: row.attendee_id,
            payload: { attendeeId: row.attendee_id, conferenceId: c.id, eventId: c.event_id, registrationId: row.id, provider: c.provider, error: message.slice(0, 1000), attempts: row.attempts },
          });
        }
      });
      return 'failed';
    }
  }
}

async function failAll(ctx: AppContext, c: ConferenceRow, message: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<{ id: string; attendee_id: string }>(
      `UPDATE registrations SET status = 'failed', last_error = $2, attempts = attempts + 1, updated_at = now() WHERE conference_id = $1 AND status = 'pending' RETURNING id, attendee_id`,
      [c.id, message],
    );
    for (const row of r.rows) {
      await ctx.outbox.emit(tx, { organizationId: c.organization_id, type: 'registration.failed', aggregateType: 'attendee', aggregateId: row.attendee_id, payload: { attendeeId: row.attendee_id, conferenceId: c.id, eventId: c.event_id, registrationId: row.id, provider: c.provider, error: message } });
    }
  });
}

/** The conference vanished at the provider: record drift and fail what was waiting for it. */
async function recordGone(ctx: AppContext, c: ConferenceRow, message: string) {
  await ctx.database.pool.query(
    `INSERT INTO conference_drift (id, organization_id, event_id, conference_id, kind, details, dedupe_key, source) VALUES ($1,$2,$3,$4,'conference_deleted',$5,$6,'reconciliation') ON CONFLICT (dedupe_key) DO NOTHING`,
    [newId('dft'), c.organization_id, c.event_id, c.id, JSON.stringify({ message }), `${c.id}:conference_deleted:open`],
  );
  await ctx.database.pool.query(`UPDATE registrations SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE conference_id = $1 AND status = 'cancel_pending'`, [c.id]);
  await failAll(ctx, c, `The conference no longer exists at ${c.provider}: ${message}`);
}
