import type { AppContext } from '../../context.js';
import type { Principal } from '../auth/auth.service.js';
import { transaction } from '../../db/transaction.js';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import { findEvent, listActiveSessions } from '../events/events.repo.js';
import { ConferenceGone, type ConferenceInfo, type ConferenceKind, type ConferenceSpec, type ConferencingProvider } from '../../providers/conferencing/port.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { recordDrift } from './drift.service.js';
import { conferencingProviderIds } from '../../providers/conferencing/registry.js';
import { findZoomCredentials, providerFailure, providerFor, resolveAccount, type AccountRow } from './accounts.service.js';
import { addIntents, cancelIntents, conferenceProvider, loadConference, type ConferenceRow } from './sync.service.js';

export interface ConferenceIn {
  provider?: string;
  mode: 'generate' | 'link';
  kind?: ConferenceKind;
  meetingId?: string;
  hostId?: string;
  settings?: Record<string, unknown>;
  layout?: 'single' | 'per_session';
  url?: string;
  password?: string | null;
  description?: string | null;
  registrantLimit?: number | null;
}

type EventRow = Awaited<ReturnType<typeof findEvent>>;
type SessionRow = Awaited<ReturnType<typeof listActiveSessions>>[number];

const minutes = (a: Date, b: Date) => Math.max(1, Math.round((b.getTime() - a.getTime()) / 60_000));

export function serializeConference(c: ConferenceRow) {
  return {
    id: c.id,
    eventId: c.event_id,
    sessionId: c.session_id,
    provider: c.provider,
    mode: c.mode === 'generated' ? ('generate' as const) : ('link' as const),
    generated: c.mode === 'generated',
    kind: c.kind,
    externalId: c.external_id,
    joinUrl: c.join_url,
    startUrl: c.start_url,
    passcode: c.passcode,
    description: c.description,
    hostId: c.host_id,
    hostEmail: c.host_email,
    settings: c.settings,
    registrantLimit: c.registrant_limit,
    registrationEnabled: c.registration_enabled,
    batchAllowed: c.batch_allowed,
    status: c.status,
  };
}

export async function listConferences(ctx: AppContext, organizationId: string, eventId: string) {
  await findEvent(ctx.database.db, organizationId, eventId);
  const r = await ctx.database.pool.query<ConferenceRow>(`SELECT * FROM conferences WHERE event_id = $1 AND organization_id = $2 AND status = 'active' ORDER BY created_at`, [eventId, organizationId]);
  return r.rows;
}

/**
 * Links or generates the conference(s) of an event (`sessionId` null) or of one session/slot.
 * Existing completed attendees are registered at once (converting a physical event, or a
 * session that was offline getting a link), with progress in GET .../registrations.
 */
export async function putConference(ctx: AppContext, p: Principal, eventId: string, sessionId: string | null, input: ConferenceIn) {
  const event = await findEvent(ctx.database.db, p.organizationId, eventId);
  if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot get a conference');
  const sessions = await listActiveSessions(ctx.database.db, p.organizationId, eventId);
  let targets: (SessionRow | null)[];
  if (sessionId) {
    const s = sessions.find((x) => x.id === sessionId);
    if (!s) throw notFound('Session');
    if (p.role === 'staff' && s.staffMemberId !== p.memberId) throw new AppError('forbidden', 403, 'Staff may change only the link of their own sessions');
    targets = [s];
  } else {
    if (p.role === 'staff') throw new AppError('forbidden', 403, 'Only owners and admins link conferences to whole events');
    const layout = input.layout ?? (event.kind === 'bookable' ? 'per_session' : 'single');
    if (layout === 'single' && event.kind === 'bookable') throw invalid('layout', 'a bookable event has one conference per slot (per_session)');
    targets = layout === 'per_session' ? sessions : [null];
    if (!targets.length) throw conflict('no_sessions', 'The event has no sessions to link');
  }
  if (input.mode === 'link' && targets.length > 1 && input.provider === 'zoom') throw invalid('layout', 'link one existing Zoom conference per session, or link it to the whole event with layout single');
  const out: ConferenceRow[] = [];
  for (const s of targets) out.push(await putOne(ctx, p, event, sessions, s, input));
  // An event-level PUT replaces the whole layout (e.g. one recurring meeting → one per day).
  if (!sessionId) await replaceOthers(ctx, event.id, out.map((c) => c.id));
  return out;
}

/** Removes the link of one session (or every conference of the event): registrations are cancelled. */
export async function removeConference(ctx: AppContext, p: Principal, eventId: string, sessionId: string | null) {
  await findEvent(ctx.database.db, p.organizationId, eventId);
  if (sessionId) {
    const sessions = await listActiveSessions(ctx.database.db, p.organizationId, eventId);
    const s = sessions.find((x) => x.id === sessionId);
    if (!s) throw notFound('Session');
    if (p.role === 'staff' && s.staffMemberId !== p.memberId) throw new AppError('forbidden', 403, 'Staff may change only the link of their own sessions');
  } else if (p.role === 'staff') {
    throw new AppError('forbidden', 403, 'Only owners and admins remove an event’s conferences');
  }
  const old = await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<ConferenceRow>(
      `UPDATE conferences SET status = 'replaced', updated_at = now() WHERE event_id = $1 AND status = 'active' ${sessionId ? 'AND session_id = $2' : ''} RETURNING *`,
      sessionId ? [eventId, sessionId] : [eventId],
    );
    for (const c of r.rows) {
      await cancelIntents(ctx, tx, { conferenceId: c.id });
      await emitOrganiserAction(ctx, tx, p, {
        type: 'conference.removed', aggregateType: 'conference', aggregateId: c.id, eventId,
        before: { provider: c.provider, kind: c.kind, mode: c.mode, externalId: c.external_id, joinUrl: c.join_url }, details: { sessionId: c.session_id },
      });
    }
    return r.rows;
  });
  if (!old.length) throw notFound('Conference');
  await deleteGenerated(ctx, old);
}

async function replaceOthers(ctx: AppContext, eventId: string, keep: string[]) {
  const old = await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<ConferenceRow>(`UPDATE conferences SET status = 'replaced', updated_at = now() WHERE event_id = $1 AND status = 'active' AND NOT (id = ANY($2)) RETURNING *`, [eventId, keep]);
    for (const c of r.rows) await cancelIntents(ctx, tx, { conferenceId: c.id });
    return r.rows;
  });
  await deleteGenerated(ctx, old);
}

/** Best effort: a generated conference Foyer no longer uses should not linger at the provider. */
async function deleteGenerated(ctx: AppContext, list: ConferenceRow[]) {
  for (const c of list.filter((x) => x.mode === 'generated')) {
    try {
      await (await conferenceProvider(ctx, c)).deleteConference({ externalId: c.external_id, kind: c.kind });
    } catch (e) {
      ctx.log.warn({ err: e, conferenceId: c.id }, 'could not delete a replaced conference');
    }
  }
}

async function putOne(ctx: AppContext, p: Principal, event: EventRow, sessions: SessionRow[], session: SessionRow | null, input: ConferenceIn): Promise<ConferenceRow> {
  const account = await resolveAccount(ctx, p.organizationId, session?.staffMemberId ?? null);
  const providerId = input.provider ?? account?.provider ?? 'jitsi';
  if (!conferencingProviderIds().includes(providerId)) throw invalid('provider', `must be one of ${conferencingProviderIds().join(', ')}`);
  const acc: AccountRow | null = account?.provider === providerId ? account : providerId === 'zoom' ? await zoomAccountRow(ctx, p.organizationId) : null;
  const url = input.url ?? (providerId === 'custom_link' ? (acc?.settings.url as string | undefined) : undefined);
  if (providerId === 'custom_link' && !url) throw invalid('url', 'is required for a custom link (or set a custom-link default account)');
  const provider = await providerFor(ctx, p.organizationId, providerId, acc, providerId === 'custom_link' ? { url, password: input.password ?? acc?.settings.password ?? null } : {});
  const kind: ConferenceKind = input.kind ?? 'meeting';
  if (kind === 'webinar' && !provider.capabilities.webinars) throw invalid('kind', `${providerId} has no webinars`);

  const existing = (await ctx.database.pool.query<ConferenceRow>(`SELECT * FROM conferences WHERE event_id = $1 AND session_id IS NOT DISTINCT FROM $2 AND status = 'active'`, [event.id, session?.id ?? null])).rows[0];
  // Editing a custom link keeps the conference and moves everyone's link.
  if (existing && existing.provider === 'custom_link' && providerId === 'custom_link') return editCustomLink(ctx, existing, url!, input);

  let info: ConferenceInfo;
  // Host and join-link sender come from the Zoom connection actually used: a staff member's own
  // (another Zoom account, other users) or the organisation's.
  const zoomDefaults = providerId !== 'zoom' ? null
    : ((acc?.member_id ? await findZoomCredentials(ctx, p.organizationId, acc.member_id) : null) ?? (await findZoomCredentials(ctx, p.organizationId, null)));
  const hostId = input.hostId ?? (acc?.settings.hostId as string | undefined) ?? zoomDefaults?.generateHostId ?? undefined;
  // The organisation's "who sends the join link" unless this conference says otherwise; a generated
  // Zoom conference gets Zoom's confirmation e-mail on or off to match.
  const settings = { ...(input.settings ?? {}), ...(zoomDefaults && input.settings?.joinLinkSender === undefined ? { joinLinkSender: zoomDefaults.joinLinkSender } : {}) };
  const spec = () => specFor(event, sessions, session, kind, { ...input, settings }, hostId);
  try {
    if (input.mode === 'link') {
      if (providerId === 'zoom' || provider.capabilities.listExisting) {
        if (!input.meetingId) throw invalid('meetingId', 'choose the meeting or webinar to link');
        const found = await provider.getConference({ externalId: input.meetingId, kind });
        if (!found) throw invalid('meetingId', `no ${kind} ${input.meetingId} at ${providerId}`, 'conference_not_found');
        info = found;
      } else {
        info = await provider.createConference(spec());
      }
    } else {
      info = await provider.createConference(spec());
    }
  } catch (e) {
    providerFailure(e);
  }
  const limit = input.registrantLimit ?? info.registrantLimit ?? null;
  try {
    const created = await transaction(ctx.database.pool, async (tx) => {
      await findEvent(tx.db, p.organizationId, event.id, { forUpdate: true });
      if (existing) {
        await tx.client.query(`UPDATE conferences SET status = 'replaced', updated_at = now() WHERE id = $1`, [existing.id]);
        await cancelIntents(ctx, tx, { conferenceId: existing.id });
      }
      // A slot's conference caps the slot; a day's (multi-day, per session) caps the event, as every ticket registers for every day.
      if (limit) await capCapacity(tx.client, event.id, session && event.kind === 'bookable' ? session.id : null, limit);
      const r = await tx.client.query<ConferenceRow>(
        `INSERT INTO conferences (id, organization_id, event_id, session_id, provider, account_id, mode, kind, external_id, join_url, start_url, passcode, description, host_id, host_email, settings, registrant_limit, registration_enabled, batch_allowed)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING *`,
        [newId('cnf'), p.organizationId, event.id, session?.id ?? null, providerId, acc?.id ?? null, input.mode === 'generate' || !provider.capabilities.listExisting ? 'generated' : 'linked', info.kind, info.externalId,
          info.joinUrl, info.startUrl ?? null, info.passcode ?? input.password ?? null, input.description ?? null, info.hostId ?? null, info.hostEmail ?? null,
          JSON.stringify(settings), limit, info.registrationEnabled, info.batchAllowed ?? false],
      );
      const c = r.rows[0]!;
      await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'conference.linked', aggregateType: 'event', aggregateId: event.id, payload: { conferenceId: c.id, eventId: event.id, sessionId: c.session_id, provider: providerId, actorId: p.memberId } });
      if (c.registration_enabled) await addIntents(ctx, tx, { conferenceId: c.id });
      return c;
    });
    if (existing) await deleteGenerated(ctx, [existing]);
    return created;
  } catch (e) {
    // The conference we just generated would otherwise be orphaned at the provider.
    if (input.mode === 'generate') await provider.deleteConference({ externalId: info.externalId, kind: info.kind }).catch(() => undefined);
    throw e;
  }
}

async function zoomAccountRow(ctx: AppContext, organizationId: string): Promise<AccountRow | null> {
  const z = await findZoomCredentials(ctx, organizationId, null);
  if (!z) return null;
  return { id: null as unknown as string, organization_id: organizationId, member_id: null, provider: 'zoom', credential_id: z.credentialId, settings: {} };
}

function specFor(event: EventRow, sessions: SessionRow[], session: SessionRow | null, kind: ConferenceKind, input: ConferenceIn, hostId: string | undefined): ConferenceSpec {
  const base = { topic: event.title, timeZone: event.timeZone, kind, agenda: event.description || undefined, hostId, settings: input.settings };
  if (session) return { ...base, startsAt: session.startsAt, durationMinutes: minutes(session.startsAt, session.endsAt) };
  if (sessions.length > 1) {
    return { ...base, startsAt: sessions[0]!.startsAt, durationMinutes: minutes(sessions[0]!.startsAt, sessions[0]!.endsAt), occurrences: sessions.map((s) => ({ startsAt: s.startsAt, durationMinutes: minutes(s.startsAt, s.endsAt) })) };
  }
  return { ...base, startsAt: event.startsAt, durationMinutes: minutes(event.startsAt, event.endsAt) };
}

/** A conference's registrant limit caps the seats sold for what it covers (SPEC 3.4). */
async function capCapacity(client: import('pg').PoolClient, eventId: string, sessionId: string | null, limit: number) {
  const table = sessionId ? 'sessions' : 'events';
  const id = sessionId ?? eventId;
  const r = await client.query<{ reserved: number }>(`SELECT reserved FROM ${table} WHERE id = $1`, [id]);
  if ((r.rows[0]?.reserved ?? 0) > limit) throw conflict('registrant_limit_below_sold', `${r.rows[0]!.reserved} tickets are already sold but this conference takes at most ${limit} registrants`);
  await client.query(`UPDATE ${table} SET capacity = LEAST(coalesce(capacity, $2), $2) WHERE id = $1`, [id, limit]);
}

async function editCustomLink(ctx: AppContext, c: ConferenceRow, url: string, input: ConferenceIn) {
  return transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<ConferenceRow>(
      `UPDATE conferences SET join_url = $2, external_id = $2, passcode = $3, description = $4, updated_at = now() WHERE id = $1 RETURNING *`,
      [c.id, url, input.password ?? null, input.description ?? c.description],
    );
    await tx.client.query(`UPDATE registrations SET join_url = $2, updated_at = now() WHERE conference_id = $1 AND status = 'registered'`, [c.id, url]);
    await ctx.outbox.emit(tx, { organizationId: c.organization_id, type: 'conference.changed', aggregateType: 'event', aggregateId: c.event_id, payload: { conferenceId: c.id, eventId: c.event_id, changes: ['link'] } });
    return r.rows[0]!;
  });
}

/** One-click fix: turn on registration with automatic approval on a linked conference. */
export async function enableRegistration(ctx: AppContext, p: Principal, eventId: string, conferenceId: string) {
  await findEvent(ctx.database.db, p.organizationId, eventId);
  const c = await loadConference(ctx, conferenceId);
  if (!c || c.organization_id !== p.organizationId || c.event_id !== eventId) throw notFound('Conference');
  const provider = await conferenceProvider(ctx, c);
  if (!provider.enableRegistration) throw conflict('not_supported', `${c.provider} has no registration to enable`);
  try {
    await provider.enableRegistration({ externalId: c.external_id, kind: c.kind });
  } catch (e) {
    providerFailure(e);
  }
  return transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<ConferenceRow>(`UPDATE conferences SET registration_enabled = true, updated_at = now() WHERE id = $1 RETURNING *`, [c.id]);
    await addIntents(ctx, tx, { conferenceId: c.id });
    await emitOrganiserAction(ctx, tx, p, {
      type: 'conference.registration_enabled', aggregateType: 'conference', aggregateId: c.id, eventId,
      before: { registrationEnabled: c.registration_enabled }, after: { registrationEnabled: true }, details: { provider: c.provider, externalId: c.external_id },
    });
    return r.rows[0]!;
  });
}

/** Pushes the event's current title/times to every active conference (generated or linked). */
export async function pushEventChanges(ctx: AppContext, eventId: string, sessionId?: string) {
  const r = await ctx.database.pool.query<ConferenceRow>(`SELECT * FROM conferences WHERE event_id = $1 AND status = 'active' ${sessionId ? 'AND (session_id IS NULL OR session_id = $2)' : ''}`, sessionId ? [eventId, sessionId] : [eventId]);
  if (!r.rows.length) return;
  const ev = await ctx.database.pool.query<{ organization_id: string }>(`SELECT organization_id FROM events WHERE id = $1`, [eventId]);
  const event = await findEvent(ctx.database.db, ev.rows[0]!.organization_id, eventId);
  const sessions = await listActiveSessions(ctx.database.db, event.organizationId, eventId);
  for (const c of r.rows) {
    const provider: ConferencingProvider = await conferenceProvider(ctx, c);
    const session = c.session_id ? sessions.find((s) => s.id === c.session_id) ?? null : null;
    if (c.session_id && !session) continue;
    const spec = specFor(event, sessions, session, c.kind, { mode: 'link' }, undefined);
    try {
      await provider.updateConference({ externalId: c.external_id, kind: c.kind }, { topic: spec.topic, startsAt: spec.startsAt, durationMinutes: spec.durationMinutes, timeZone: spec.timeZone, occurrences: spec.occurrences });
      await ctx.database.pool.query(`UPDATE conferences SET last_error = NULL, last_synced_at = now() WHERE id = $1`, [c.id]);
    } catch (e) {
      await ctx.database.pool.query(`UPDATE conferences SET last_error = $2 WHERE id = $1`, [c.id, (e as Error).message]);
      // Gone at the provider: that is drift for the organiser to repair, not something to retry.
      if (e instanceof ConferenceGone) {
        await recordDrift(ctx, c, { kind: 'conference_deleted', source: 'reconciliation', details: { message: e.message }, dedupe: `${c.id}:conference_deleted:open` });
        continue;
      }
      throw e;
    }
  }
}

/** Event (or one session) cancelled: cancel every registration, then delete generated conferences only. */
export async function tearDownEvent(ctx: AppContext, eventId: string, sessionId?: string) {
  const r = await ctx.database.pool.query<ConferenceRow>(
    `SELECT * FROM conferences WHERE event_id = $1 AND status = 'active' ${sessionId ? 'AND session_id = $2' : ''}`,
    sessionId ? [eventId, sessionId] : [eventId],
  );
  for (const c of r.rows) {
    const provider = await conferenceProvider(ctx, c);
    const regs = await ctx.database.pool.query<{ email: string }>(`SELECT DISTINCT email FROM registrations WHERE conference_id = $1 AND status IN ('pending','registered','cancel_pending','failed')`, [c.id]);
    if (c.mode === 'linked' && provider.capabilities.registration && regs.rows.length) await provider.cancelRegistrants({ externalId: c.external_id, kind: c.kind }, regs.rows.map((x) => x.email));
    await ctx.database.pool.query(`UPDATE registrations SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE conference_id = $1 AND status IN ('pending','registered','cancel_pending','failed')`, [c.id]);
    if (c.mode === 'generated') await provider.deleteConference({ externalId: c.external_id, kind: c.kind });
    await ctx.database.pool.query(`UPDATE conferences SET status = $2, updated_at = now() WHERE id = $1`, [c.id, c.mode === 'generated' ? 'deleted' : 'active']);
  }
}

/**
 * A day or slot added to an event whose conferences are per session gets its own conference
 * like its siblings (same provider, kind and settings), so new slots are bookable online at once.
 */
export async function conferenceForNewSession(ctx: AppContext, organizationId: string, eventId: string, sessionId: string, actorId: string | null) {
  const r = await ctx.database.pool.query<ConferenceRow>(
    `SELECT * FROM conferences WHERE event_id = $1 AND organization_id = $2 AND status = 'active' ORDER BY created_at DESC`,
    [eventId, organizationId],
  );
  if (!r.rows.length || r.rows.some((c) => c.session_id === null || c.session_id === sessionId)) return;
  const model = r.rows[0]!;
  const system: Principal = { organizationId, memberId: actorId ?? '', userId: '', role: 'owner', via: 'token', tokenId: '' };
  await putConference(ctx, system, eventId, sessionId, {
    provider: model.provider, mode: model.mode === 'generated' ? 'generate' : 'link', kind: model.kind, hostId: model.host_id ?? undefined, settings: model.settings,
    url: model.provider === 'custom_link' ? model.join_url ?? undefined : undefined, password: model.passcode, description: model.description, registrantLimit: model.registrant_limit,
    ...(model.mode === 'linked' ? { meetingId: model.external_id } : {}),
  });
}
