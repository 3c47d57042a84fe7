import type { AppContext } from '../../context.js';
import type { Principal } from '../auth/auth.service.js';
import { transaction } from '../../db/transaction.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { findEvent } from '../events/events.repo.js';
import { sendSync } from './sync.service.js';

interface RegRow {
  id: string;
  conference_id: string;
  attendee_id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: string;
  provider_registrant_id: string | null;
  join_url: string | null;
  last_error: string | null;
  attempts: number;
  session_id: string | null;
  provider: string;
  updated_at: Date;
  registered_at: Date | null;
}

/** Sync status per attendee × conference, with totals (the progress of a bulk registration). */
export async function listRegistrations(ctx: AppContext, organizationId: string, eventId: string, filter: { status?: string; conferenceId?: string }) {
  await findEvent(ctx.database.db, organizationId, eventId);
  const args: unknown[] = [eventId, organizationId];
  const where = ['r.event_id = $1', 'r.organization_id = $2'];
  if (filter.status) where.push(`r.status = $${args.push(filter.status)}`);
  if (filter.conferenceId) where.push(`r.conference_id = $${args.push(filter.conferenceId)}`);
  // Totals and rows from one snapshot, so they always agree (a sync commits between two reads otherwise).
  const client = await ctx.database.pool.connect();
  let totals: { rows: { status: string; n: number }[] };
  let rows: { rows: RegRow[] };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    totals = await client.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM registrations WHERE event_id = $1 AND organization_id = $2 GROUP BY status`, [eventId, organizationId]);
    rows = await client.query<RegRow>(
      `SELECT r.*, a.first_name, a.last_name, c.session_id, c.provider FROM registrations r JOIN attendees a ON a.id = r.attendee_id JOIN conferences c ON c.id = r.conference_id
        WHERE ${where.join(' AND ')} ORDER BY r.created_at, r.id LIMIT 20000`,
      args,
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  const summary = { pending: 0, registered: 0, cancel_pending: 0, cancelled: 0, failed: 0 };
  for (const t of totals.rows) summary[t.status as keyof typeof summary] = t.n;
  const active = summary.pending + summary.registered + summary.failed;
  return {
    summary: { ...summary, total: active, progress: active ? summary.registered / active : 1 },
    data: rows.rows.map((r) => ({
      id: r.id,
      conferenceId: r.conference_id,
      sessionId: r.session_id,
      provider: r.provider,
      attendeeId: r.attendee_id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      status: r.status as 'pending' | 'registered' | 'cancel_pending' | 'cancelled' | 'failed',
      providerRegistrantId: r.provider_registrant_id,
      joinUrl: r.join_url,
      lastError: r.last_error,
      attempts: r.attempts,
      registeredAt: r.registered_at?.toISOString() ?? null,
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}

/** The retry button: failed (or given) registrations go back to pending and the sync runs. */
export async function retryRegistrations(ctx: AppContext, p: Principal, eventId: string, ids?: string[]) {
  await findEvent(ctx.database.db, p.organizationId, eventId);
  return transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<{ conference_id: string }>(
      `UPDATE registrations SET status = CASE WHEN status = 'cancel_pending' THEN 'cancel_pending' ELSE 'pending' END, attempts = 0, next_attempt_at = NULL, last_error = NULL, updated_at = now()
        WHERE event_id = $1 AND organization_id = $2 AND ${ids?.length ? `id = ANY($3) AND status IN ('failed','pending','cancel_pending')` : `status = 'failed'`}
        RETURNING conference_id`,
      ids?.length ? [eventId, p.organizationId, ids] : [eventId, p.organizationId],
    );
    await sendSync(ctx, r.rows.map((x) => x.conference_id), { client: tx.client });
    if (r.rowCount) await emitOrganiserAction(ctx, tx, p, { type: 'registrations.retried', aggregateType: 'event', aggregateId: eventId, eventId, details: { retried: r.rowCount, registrationIds: ids ?? null } });
    return { retried: r.rowCount ?? 0 };
  });
}

/** Registration status and join URLs per attendee, for the organiser's attendee list. */
export async function registrationsByAttendee(ctx: AppContext, attendeeIds: string[]) {
  const map = new Map<string, { conferenceId: string; status: string; joinUrl: string | null; lastError: string | null }[]>();
  if (!attendeeIds.length) return map;
  const r = await ctx.database.pool.query<{ attendee_id: string; conference_id: string; status: string; join_url: string | null; last_error: string | null }>(
    `SELECT attendee_id, conference_id, status, join_url, last_error FROM registrations WHERE attendee_id = ANY($1) ORDER BY created_at`,
    [attendeeIds],
  );
  for (const row of r.rows) {
    const list = map.get(row.attendee_id) ?? [];
    list.push({ conferenceId: row.conference_id, status: row.status, joinUrl: row.join_url, lastError: row.last_error });
    map.set(row.attendee_id, list);
  }
  return map;
}

/** The attendee list's view: one status word, the first join URL, and the per-conference detail. */
export function summarizeRegistrations(list: { conferenceId: string; status: string; joinUrl: string | null; lastError: string | null }[] = []) {
  const live = list.filter((r) => r.status !== 'cancelled' && r.status !== 'cancel_pending');
  const status = !list.length ? 'none' : !live.length ? 'cancelled' : live.some((r) => r.status === 'failed') ? 'failed' : live.some((r) => r.status === 'pending') ? 'pending' : 'registered';
  return { registrationStatus: status as 'none' | 'pending' | 'registered' | 'failed' | 'cancelled', joinUrl: live.find((r) => r.joinUrl)?.joinUrl ?? null, registrations: list };
}
