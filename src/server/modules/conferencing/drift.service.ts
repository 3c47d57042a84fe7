import type { AppContext } from '../../context.js';
import type { Principal } from '../auth/auth.service.js';
import { transaction } from '../../db/transaction.js';
import { conflict } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import { findEvent, listActiveSessions } from '../events/events.repo.js';
import { addIntents, conferenceProvider, loadConference, sendSync, type ConferenceRow } from './sync.service.js';
import { pushEventChanges } from './conferences.service.js';

export type DriftKind = 'registrant_cancelled' | 'registrant_missing' | 'registrant_unknown' | 'conference_updated' | 'conference_deleted';

/**
 * Stores one drift finding (deduplicated) and, when it is new, emits `conference.drift_detected`
 * in the same transaction: a Zoom webhook is an external change and lands in the audit log
 * with the provider as actor; a reconciliation finding with the system as actor.
 */
export async function recordDrift(ctx: AppContext, c: ConferenceRow, d: { kind: DriftKind; email?: string | null; details?: Record<string, unknown>; source: 'webhook' | 'reconciliation'; dedupe: string }) {
  return transaction(ctx.database.pool, async (tx) => {
    const driftId = newId('dft');
    const r = await tx.client.query(
      `INSERT INTO conference_drift (id, organization_id, event_id, conference_id, kind, email, details, dedupe_key, source) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [driftId, c.organization_id, c.event_id, c.id, d.kind, d.email ?? null, JSON.stringify(d.details ?? {}), d.dedupe, d.source],
    );
    if (!r.rowCount) return false;
    await ctx.outbox.emit(tx, {
      organizationId: c.organization_id, type: 'conference.drift_detected', aggregateType: 'conference', aggregateId: c.id,
      payload: {
        eventId: c.event_id, driftId, kind: d.kind, email: d.email ?? null, source: d.source, ...d.details,
        // What the provider changed, as before/after (a meeting edited in Zoom).
        ...(d.details?.changed ? { before: d.details.previous ?? {}, after: d.details.changed } : {}),
        actor: d.source === 'webhook' ? { type: 'provider', id: c.provider } : { type: 'system', id: null },
      },
    });
    return true;
  });
}

export async function listDrift(ctx: AppContext, organizationId: string, eventId: string, status?: string) {
  await findEvent(ctx.database.db, organizationId, eventId);
  const r = await ctx.database.pool.query<{ id: string; conference_id: string; kind: string; email: string | null; details: Record<string, unknown>; status: string; source: string; created_at: Date; resolved_at: Date | null }>(
    `SELECT * FROM conference_drift WHERE event_id = $1 AND organization_id = $2 ${status ? 'AND status = $3' : ''} ORDER BY created_at`,
    status ? [eventId, organizationId, status] : [eventId, organizationId],
  );
  return r.rows.map((d) => ({ id: d.id, conferenceId: d.conference_id, kind: d.kind, email: d.email, details: d.details, status: d.status, source: d.source, createdAt: d.created_at.toISOString(), resolvedAt: d.resolved_at?.toISOString() ?? null }));
}

/**
 * Repairs open drift: re-registers attendees cancelled or missing at the provider, cancels
 * registrants Foyer does not know, pushes Foyer's title/times back over changes made in the
 * provider, and recreates a deleted generated conference (re-registering everyone).
 */
export async function repairDrift(ctx: AppContext, p: Principal, eventId: string, driftIds?: string[]) {
  await findEvent(ctx.database.db, p.organizationId, eventId);
  const r = await ctx.database.pool.query<{ id: string; conference_id: string; kind: DriftKind; email: string | null }>(
    `SELECT id, conference_id, kind, email FROM conference_drift WHERE event_id = $1 AND organization_id = $2 AND status = 'open' ${driftIds?.length ? 'AND id = ANY($3)' : ''} ORDER BY created_at`,
    driftIds?.length ? [eventId, p.organizationId, driftIds] : [eventId, p.organizationId],
  );
  const results: { id: string; kind: string; outcome: 'repaired' | 'dismissed' | 'failed'; message?: string }[] = [];
  let pushed = false;
  for (const d of r.rows) {
    const c = await loadConference(ctx, d.conference_id);
    if (!c) continue;
    try {
      let outcome: 'repaired' | 'dismissed' = 'repaired';
      if (d.kind === 'registrant_cancelled' || d.kind === 'registrant_missing') {
        await transaction(ctx.database.pool, async (tx) => {
          await tx.client.query(`UPDATE registrations SET status = 'pending', attempts = 0, last_error = NULL, next_attempt_at = NULL, updated_at = now() WHERE conference_id = $1 AND email = $2 AND status = 'registered'`, [c.id, d.email]);
          await addIntents(ctx, tx, { conferenceId: c.id });
          await sendSync(ctx, [c.id], { client: tx.client });
        });
      } else if (d.kind === 'registrant_unknown') {
        const provider = await conferenceProvider(ctx, c);
        await provider.cancelRegistrants({ externalId: c.external_id, kind: c.kind }, [d.email!]);
      } else if (d.kind === 'conference_updated') {
        if (!pushed) await pushEventChanges(ctx, eventId);
        pushed = true;
      } else if (d.kind === 'conference_deleted') {
        if (c.mode !== 'generated') throw conflict('linked_conference_deleted', 'This linked conference was deleted in the provider; link another one with PUT .../conference');
        await recreate(ctx, c);
      }
      await transaction(ctx.database.pool, async (tx) => {
        await tx.client.query(`UPDATE conference_drift SET status = $2, resolved_at = now(), dedupe_key = dedupe_key || ':' || id WHERE id = $1`, [d.id, outcome]);
        await ctx.outbox.emit(tx, {
          organizationId: p.organizationId, type: 'conference.drift_repaired', aggregateType: 'conference', aggregateId: c.id,
          payload: { eventId, driftId: d.id, kind: d.kind, email: d.email, outcome, actorId: p.memberId },
        });
      });
      results.push({ id: d.id, kind: d.kind, outcome });
    } catch (e) {
      results.push({ id: d.id, kind: d.kind, outcome: 'failed', message: (e as Error).message });
    }
  }
  return { results };
}

async function recreate(ctx: AppContext, c: ConferenceRow) {
  const event = await findEvent(ctx.database.db, c.organization_id, c.event_id);
  const sessions = await listActiveSessions(ctx.database.db, c.organization_id, c.event_id);
  const session = c.session_id ? sessions.find((s) => s.id === c.session_id) : null;
  const start = session?.startsAt ?? sessions[0]?.startsAt ?? event.startsAt;
  const end = session?.endsAt ?? sessions[0]?.endsAt ?? event.endsAt;
  const provider = await conferenceProvider(ctx, c);
  const info = await provider.createConference({
    topic: event.title, startsAt: start, durationMinutes: Math.max(1, Math.round((end.getTime() - start.getTime()) / 60_000)), timeZone: event.timeZone, kind: c.kind, hostId: c.host_id ?? undefined, settings: c.settings,
    occurrences: !session && sessions.length > 1 ? sessions.map((s) => ({ startsAt: s.startsAt, durationMinutes: Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000) })) : undefined,
  });
  await transaction(ctx.database.pool, async (tx) => {
    await tx.client.query(`UPDATE conferences SET external_id = $2, join_url = $3, start_url = $4, passcode = $5, host_email = coalesce($6, host_email), updated_at = now() WHERE id = $1`, [c.id, info.externalId, info.joinUrl, info.startUrl ?? null, info.passcode ?? null, info.hostEmail ?? null]);
    await tx.client.query(`UPDATE registrations SET status = 'pending', attempts = 0, join_url = NULL, provider_registrant_id = NULL, last_error = NULL, next_attempt_at = NULL, updated_at = now() WHERE conference_id = $1 AND status IN ('registered','failed')`, [c.id]);
    await sendSync(ctx, [c.id], { client: tx.client });
  });
}

/** Compares Foyer's registrants with the provider's list; records differences as drift. */
export async function reconcileConference(ctx: AppContext, c: ConferenceRow): Promise<{ missing: string[]; unknown: string[] }> {
  const provider = await conferenceProvider(ctx, c);
  if (!provider.capabilities.registration) return { missing: [], unknown: [] };
  const theirs = await provider.listRegistrants({ externalId: c.external_id, kind: c.kind });
  const approved = new Set(theirs.filter((x) => x.status === 'approved').map((x) => x.email));
  const ours = await ctx.database.pool.query<{ email: string; status: string }>(`SELECT email, status FROM registrations WHERE conference_id = $1`, [c.id]);
  const active = new Set(ours.rows.filter((r) => r.status === 'registered' || r.status === 'pending' || r.status === 'cancel_pending').map((r) => r.email));
  const registered = ours.rows.filter((r) => r.status === 'registered').map((r) => r.email);
  const missing = registered.filter((e) => !approved.has(e));
  const unknown = [...approved].filter((e) => !active.has(e) && e !== c.host_email);
  for (const email of missing) await recordDrift(ctx, c, { kind: 'registrant_missing', email, source: 'reconciliation', dedupe: `${c.id}:registrant_missing:${email}:open` });
  for (const email of unknown) await recordDrift(ctx, c, { kind: 'registrant_unknown', email, source: 'reconciliation', dedupe: `${c.id}:registrant_unknown:${email}:open` });
  await ctx.database.pool.query(`UPDATE conferences SET last_synced_at = now() WHERE id = $1`, [c.id]);
  return { missing, unknown };
}

export async function reconcileAll(ctx: AppContext, conferenceId?: string) {
  const r = await ctx.database.pool.query<ConferenceRow>(
    `SELECT c.* FROM conferences c JOIN events e ON e.id = c.event_id
      WHERE c.status = 'active' AND c.registration_enabled AND e.status = 'published' AND e.ends_at > now() - interval '1 day' ${conferenceId ? 'AND c.id = $1' : ''}`,
    conferenceId ? [conferenceId] : [],
  );
  for (const c of r.rows) {
    // Only conferences with nothing in flight: a pending registration is not drift.
    const busy = await ctx.database.pool.query(`SELECT 1 FROM registrations WHERE conference_id = $1 AND status IN ('pending','cancel_pending') LIMIT 1`, [c.id]);
    if (busy.rowCount) continue;
    try {
      await reconcileConference(ctx, c);
    } catch (e) {
      ctx.log.warn({ err: e, conferenceId: c.id }, 'reconciliation failed');
    }
  }
}
