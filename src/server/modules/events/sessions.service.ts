import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { attendees, events, members, sessions } from '../../db/schema/index.js';
import { transaction } from '../../db/transaction.js';
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { assertInterval } from '../../lib/time.js';
import { newId } from '../../lib/tokens.js';
import type { Principal } from '../auth/auth.service.js';
import { findEvent, refreshEventSpan } from './events.repo.js';
import type { SessionIn } from './events.schema.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { snapshot } from '../audit/audit-diff.js';

/** What the audit log shows of a session (times, seats, staff). */
const audited = (x: typeof sessions.$inferSelect) => snapshot({ startsAt: x.startsAt, endsAt: x.endsAt, capacity: x.capacity, staffMemberId: x.staffMemberId });

export async function assertStaffMember(db: Db, organizationId: string, memberId: string, field: string) {
  const [m] = await db.select({ id: members.id }).from(members).where(and(eq(members.id, memberId), eq(members.organizationId, organizationId)));
  if (!m) throw invalid(field, 'is not a member of this organisation');
}

async function findSession(db: Db, organizationId: string, eventId: string, sessionId: string) {
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.eventId, eventId), eq(sessions.organizationId, organizationId)))
    .for('update');
  if (!s || s.status === 'cancelled') throw notFound('Session');
  return s;
}

export async function addSession(ctx: AppContext, p: Principal, eventId: string, input: z.infer<typeof SessionIn>) {
  assertInterval('', input.startsAt, input.endsAt);
  return transaction(ctx.database.pool, async (tx) => {
    const event = await findEvent(tx.db, p.organizationId, eventId, { forUpdate: true });
    if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot get new sessions');
    if (event.kind === 'single') throw conflict('single_event', 'A single event has exactly one session; change its times or make it multi_day');
    if (input.staffMemberId) await assertStaffMember(tx.db, p.organizationId, input.staffMemberId, 'staffMemberId');
    const [row] = await tx.db
      .insert(sessions)
      .values({ id: newId('ses'), organizationId: p.organizationId, eventId, startsAt: input.startsAt, endsAt: input.endsAt, capacity: input.capacity ?? null, staffMemberId: input.staffMemberId ?? null })
      .returning();
    await refreshEventSpan(tx.db, p.organizationId, eventId);
    await bumpAndEmit(ctx, tx, event, 'session.added', { sessionId: row!.id, actorId: p.memberId, eventId, after: audited(row!) });
    return row!;
  });
}

export async function updateSession(ctx: AppContext, p: Principal, eventId: string, sessionId: string, patch: Partial<z.infer<typeof SessionIn>>) {
  return transaction(ctx.database.pool, async (tx) => {
    const event = await findEvent(tx.db, p.organizationId, eventId, { forUpdate: true });
    if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot be changed');
    const s = await findSession(tx.db, p.organizationId, eventId, sessionId);
    const startsAt = patch.startsAt ?? s.startsAt;
    const endsAt = patch.endsAt ?? s.endsAt;
    assertInterval('', startsAt, endsAt);
    if (patch.capacity != null && patch.capacity < s.reserved) {
      throw conflict('capacity_below_sold', `${s.reserved} seats of this slot are taken; capacity cannot go below that`, { fields: [{ field: 'capacity', message: `must be at least ${s.reserved}` }] });
    }
    if (patch.staffMemberId) await assertStaffMember(tx.db, p.organizationId, patch.staffMemberId, 'staffMemberId');
    const [row] = await tx.db
      .update(sessions)
      .set({ startsAt, endsAt, ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}), ...(patch.staffMemberId !== undefined ? { staffMemberId: patch.staffMemberId } : {}) })
      .where(eq(sessions.id, sessionId))
      .returning();
    await refreshEventSpan(tx.db, p.organizationId, eventId);
    const timeChanged = startsAt.getTime() !== s.startsAt.getTime() || endsAt.getTime() !== s.endsAt.getTime();
    // The audit entry (any field); `session.changed` below is the signal for conferences and notices.
    await emitOrganiserAction(ctx, tx, p, { type: 'session.updated', aggregateType: 'event', aggregateId: eventId, eventId, before: audited(s), after: audited(row!), details: { sessionId } });
    if (timeChanged) {
      await bumpAndEmit(ctx, tx, event, 'session.changed', {
        sessionId,
        actorId: p.memberId,
        previous: { startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() },
      });
    }
    return row!;
  });
}

/** A slot with bookings cannot silently disappear: the organiser cancels or moves them first. */
export async function removeSession(ctx: AppContext, p: Principal, eventId: string, sessionId: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const event = await findEvent(tx.db, p.organizationId, eventId, { forUpdate: true });
    const removed = await findSession(tx.db, p.organizationId, eventId, sessionId);
    const [{ n }] = (await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(attendees)
      .where(and(eq(attendees.sessionId, sessionId), eq(attendees.status, 'active')))) as [{ n: number }];
    if (n > 0) throw conflict('session_has_bookings', `${n} attendees are booked into this slot; cancel their orders or move them first`);
    const [{ left }] = (await tx.db
      .select({ left: sql<number>`count(*)::int` })
      .from(sessions)
      .where(and(eq(sessions.eventId, eventId), sql`${sessions.status} <> 'cancelled'`))) as [{ left: number }];
    if (left <= 1 && event.kind !== 'bookable') throw conflict('last_session', 'An event needs at least one session; cancel the event instead');
    await tx.db.update(sessions).set({ status: 'cancelled' }).where(eq(sessions.id, sessionId));
    await refreshEventSpan(tx.db, p.organizationId, eventId);
    await bumpAndEmit(ctx, tx, event, 'session.removed', { sessionId, actorId: p.memberId, eventId, before: audited(removed) });
  });
}

async function bumpAndEmit(ctx: AppContext, tx: Parameters<Parameters<typeof transaction>[1]>[0], event: typeof events.$inferSelect, type: string, payload: Record<string, unknown>) {
  await tx.db.update(events).set({ version: event.version + 1, updatedAt: new Date() }).where(eq(events.id, event.id));
  await ctx.outbox.emit(tx, { organizationId: event.organizationId, type, aggregateType: 'event', aggregateId: event.id, payload: { ...payload, version: event.version + 1 } });
}
