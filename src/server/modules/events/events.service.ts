import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { events, orders, sessions } from '../../db/schema/index.js';
import { transaction, type Tx } from '../../db/transaction.js';
import { AppError, conflict, invalid } from '../../lib/errors.js';
import { assertInterval, assertTimeZone, expandRecurrence, splitIntoDays, type Interval } from '../../lib/time.js';
import { newId } from '../../lib/tokens.js';
import { uniqueSlug } from '../../lib/slug.js';
import { assertMethodsTakeCurrency, knownPaymentMethods } from '../../providers/payments/registry.js';
import { availablePaymentMethods } from '../payments/credentials.service.js';
import type { Principal } from '../auth/auth.service.js';
import { findEvent, listActiveSessions, listTicketTypes } from './events.repo.js';
import type { EventCreate, EventPatch } from './events.schema.js';
import { assertStaffMember } from './sessions.service.js';
import { cancelOrdersOfEvent } from '../orders/order-actions.service.js';
import { changedFields, snapshot } from '../audit/audit-diff.js';

type CreateInput = z.infer<typeof EventCreate>;

/** Methods must exist and, for Stripe/PayPal/PayU, be connected for this organisation. */
async function assertPaymentMethods(ctx: AppContext, organizationId: string, methods: string[] | undefined) {
  if (!methods?.length) return;
  const known = knownPaymentMethods();
  const available = await availablePaymentMethods(ctx, organizationId);
  methods.forEach((m, i) => {
    if (!known.includes(m)) throw invalid(`paymentMethods.${i}`, `"${m}" is not available; use one of ${available.join(', ')}`);
    if (!available.includes(m)) throw invalid(`paymentMethods.${i}`, `${m} is not connected for this organisation; add its credentials under Integrations (PUT /api/v1/integrations/${m}) first`, 'provider_not_configured');
  });
}

/** Works out the sessions an event starts with, per kind (SPEC 2). */
function initialSessions(input: CreateInput): Interval[] {
  const given = input.sessions ?? [];
  given.forEach((s, i) => assertInterval(`sessions.${i}.`, s.startsAt, s.endsAt));
  const span = () => {
    if (!input.startsAt) throw invalid('startsAt', 'is required');
    if (!input.endsAt) throw invalid('endsAt', 'is required');
    assertInterval('', input.startsAt, input.endsAt);
    return { startsAt: input.startsAt, endsAt: input.endsAt };
  };
  switch (input.kind) {
    case 'single':
      if (given.length > 1) throw invalid('sessions', 'a single event has one session; use kind multi_day or series');
      return given.length ? given : [span()];
    case 'multi_day':
      return given.length ? given : splitIntoDays(span().startsAt, span().endsAt, input.timeZone);
    case 'series':
      if (input.recurrenceRule) return expandRecurrence(input.recurrenceRule, span(), input.timeZone);
      if (!given.length) throw invalid('recurrenceRule', 'a series needs a recurrence rule (e.g. FREQ=WEEKLY;COUNT=8) or an explicit sessions list');
      return given;
    case 'bookable':
      // Slots may be added later; the span is then the booking window.
      if (!given.length) span();
      return given;
  }
}

export async function createEvent(ctx: AppContext, p: Principal, input: CreateInput) {
  assertTimeZone('timeZone', input.timeZone);
  await assertPaymentMethods(ctx, p.organizationId, input.paymentMethods);
  if (input.recurrenceRule && input.kind !== 'series') throw invalid('recurrenceRule', 'is only for kind "series"');
  const list = initialSessions(input);
  const startsAt = list.length ? new Date(Math.min(...list.map((s) => s.startsAt.getTime()))) : input.startsAt!;
  const endsAt = list.length ? new Date(Math.max(...list.map((s) => s.endsAt.getTime()))) : input.endsAt!;
  return transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    for (const [i, s] of (input.sessions ?? []).entries()) {
      if (s.staffMemberId) await assertStaffMember(db, p.organizationId, s.staffMemberId, `sessions.${i}.staffMemberId`);
    }
    if (input.slug) {
      const taken = await db.select({ id: events.id }).from(events).where(eq(events.slug, input.slug));
      if (taken.length) throw conflict('slug_taken', `The address "${input.slug}" is taken; choose another slug`, { fields: [{ field: 'slug', message: 'already in use' }] });
    }
    const [event] = await db
      .insert(events)
      .values({
        id: newId('evt'),
        organizationId: p.organizationId,
        slug: input.slug ?? uniqueSlug(input.title),
        title: input.title,
        description: input.description ?? '',
        timeZone: input.timeZone,
        format: input.format,
        kind: input.kind,
        venue: input.venue ?? null,
        locale: input.locale ?? 'en',
        startsAt,
        endsAt,
        capacity: input.capacity ?? null,
        recurrenceRule: input.recurrenceRule ?? null,
        ...(input.paymentMethods ? { paymentMethods: input.paymentMethods } : {}),
      })
      .returning();
    if (list.length) {
      await db.insert(sessions).values(
        list.map((s, i) => ({
          id: newId('ses'),
          organizationId: p.organizationId,
          eventId: event!.id,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          capacity: input.sessions?.[i]?.capacity ?? null,
          staffMemberId: input.sessions?.[i]?.staffMemberId ?? null,
        })),
      );
    }
    await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'event.created', aggregateType: 'event', aggregateId: event!.id, payload: { actorId: p.memberId } });
    return event!;
  });
}

export async function listEvents(ctx: AppContext, organizationId: string, filter: { status?: string }) {
  const where = [eq(events.organizationId, organizationId)];
  if (filter.status) where.push(eq(events.status, filter.status as 'draft'));
  return ctx.database.db.select().from(events).where(and(...where)).orderBy(desc(events.startsAt)).limit(500);
}

export async function getEventDetail(ctx: AppContext, organizationId: string, eventId: string) {
  const { db } = ctx.database;
  const event = await findEvent(db, organizationId, eventId);
  const [sessionRows, ticketRows] = await Promise.all([listActiveSessions(db, organizationId, eventId), listTicketTypes(db, organizationId, eventId)]);
  return { event, sessions: sessionRows, ticketTypes: ticketRows };
}

/**
 * Edits an event. A change of title or time bumps `version` and emits `event.changed`
 * with what changed, which conferencing (update the meeting) and notifications (tell
 * attendees, re-send the calendar) act on.
 */
export async function updateEvent(ctx: AppContext, p: Principal, eventId: string, patch: z.infer<typeof EventPatch>) {
  if (patch.timeZone) assertTimeZone('timeZone', patch.timeZone);
  await assertPaymentMethods(ctx, p.organizationId, patch.paymentMethods);
  return transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    const event = await findEvent(db, p.organizationId, eventId, { forUpdate: true });
    if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot be changed');
    if (patch.paymentMethods) {
      const paid = (await listTicketTypes(db, p.organizationId, eventId)).find((t) => t.priceAmount > 0);
      if (paid) assertMethodsTakeCurrency(patch.paymentMethods, paid.currency, (_m, i) => `paymentMethods.${i}`);
    }
    const changes: string[] = [];
    if (patch.title !== undefined && patch.title !== event.title) changes.push('title');
    if (patch.capacity !== undefined && patch.capacity !== null && patch.capacity < event.reserved) {
      throw conflict('capacity_below_sold', `${event.reserved} seats are already taken; capacity cannot go below that`, { fields: [{ field: 'capacity', message: `must be at least ${event.reserved}` }] });
    }
    if (patch.startsAt || patch.endsAt || patch.recurrenceRule) {
      await rescheduleSessions(tx, event, patch);
      changes.push('time');
    }
    if (patch.timeZone && patch.timeZone !== event.timeZone) changes.push('timeZone');
    // The manual join link in settings (`conference` / `joinUrl`) is a link change for notices.
    if (patch.settings) {
      const linkOf = (s: Record<string, unknown>) => JSON.stringify([s.conference ?? null, s.joinUrl ?? null]);
      if (linkOf({ ...event.settings, ...patch.settings }) !== linkOf(event.settings)) changes.push('link');
    }
    const { startsAt: _s, endsAt: _e, ...rest } = patch;
    const [updated] = await db
      .update(events)
      .set({
        ...rest,
        ...(patch.settings ? { settings: { ...event.settings, ...patch.settings } } : {}),
        version: changes.length ? event.version + 1 : event.version,
        updatedAt: new Date(),
      })
      .where(eq(events.id, eventId))
      .returning();
    if (changes.length) {
      await ctx.outbox.emit(tx, {
        organizationId: p.organizationId,
        type: 'event.changed',
        aggregateType: 'event',
        aggregateId: eventId,
        payload: { changes, version: updated!.version, actorId: p.memberId, previous: { title: event.title, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() } },
      });
    }
    // Every edit, not only title/time, is an organiser action for the audit log.
    const diff = changedFields(event, updated!);
    if (diff) await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'event.updated', aggregateType: 'event', aggregateId: eventId, payload: { actorId: p.memberId, eventId, ...diff } });
    return updated!;
  });
}

/** Moving a single event moves its session; a series with a new rule or start is regenerated. */
async function rescheduleSessions(tx: Tx, event: typeof events.$inferSelect, patch: z.infer<typeof EventPatch>) {
  const { db } = tx;
  const startsAt = patch.startsAt ?? event.startsAt;
  const current = await listActiveSessions(db, event.organizationId, event.id);
  if (event.kind === 'single') {
    const endsAt = patch.endsAt ?? new Date(startsAt.getTime() + (event.endsAt.getTime() - event.startsAt.getTime()));
    assertInterval('', startsAt, endsAt);
    await db.update(sessions).set({ startsAt, endsAt }).where(eq(sessions.id, current[0]!.id));
    await db.update(events).set({ startsAt, endsAt }).where(eq(events.id, event.id));
    return;
  }
  if (event.kind === 'series' && (patch.recurrenceRule || event.recurrenceRule)) {
    const first = current[0] ?? { startsAt: event.startsAt, endsAt: event.endsAt };
    const endsAt = patch.endsAt ?? new Date(startsAt.getTime() + (first.endsAt.getTime() - first.startsAt.getTime()));
    assertInterval('', startsAt, endsAt);
    const next = expandRecurrence(patch.recurrenceRule ?? event.recurrenceRule!, { startsAt, endsAt }, patch.timeZone ?? event.timeZone);
    // Keep session ids stable where an occurrence still exists (by position): registrations hang off them.
    for (let i = 0; i < Math.max(next.length, current.length); i++) {
      const want = next[i];
      const have = current[i];
      if (want && have) await db.update(sessions).set({ startsAt: want.startsAt, endsAt: want.endsAt }).where(eq(sessions.id, have.id));
      else if (want) await db.insert(sessions).values({ id: newId('ses'), organizationId: event.organizationId, eventId: event.id, startsAt: want.startsAt, endsAt: want.endsAt });
      else if (have) await db.update(sessions).set({ status: 'cancelled' }).where(eq(sessions.id, have.id));
    }
    await db
      .update(events)
      .set({ startsAt: next[0]!.startsAt, endsAt: next[next.length - 1]!.endsAt })
      .where(eq(events.id, event.id));
    return;
  }
  throw invalid('startsAt', `a ${event.kind} event's times come from its sessions; change them with PATCH /api/v1/events/${event.id}/sessions/{sessionId}`);
}

export async function publishEvent(ctx: AppContext, p: Principal, eventId: string) {
  return transaction(ctx.database.pool, async (tx) => {
    const event = await findEvent(tx.db, p.organizationId, eventId, { forUpdate: true });
    if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot be published again; create a new one');
    if (event.status === 'published') return event;
    const types = await listTicketTypes(tx.db, p.organizationId, eventId);
    if (!types.some((t) => t.active)) throw new AppError('no_ticket_types', 409, 'Add at least one ticket type before publishing');
    const list = await listActiveSessions(tx.db, p.organizationId, eventId);
    if (!list.length) throw new AppError('no_sessions', 409, event.kind === 'bookable' ? 'Add at least one slot before publishing' : 'The event has no sessions');
    const [updated] = await tx.db.update(events).set({ status: 'published', publishedAt: new Date(), updatedAt: new Date() }).where(eq(events.id, eventId)).returning();
    await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'event.published', aggregateType: 'event', aggregateId: eventId, payload: { actorId: p.memberId } });
    return updated!;
  });
}

/**
 * Cancels the event and every live order of it (seats released, registrations follow via
 * `order.cancelled`); with `refund`, paid orders are refunded in full instead.
 */
export async function cancelEvent(ctx: AppContext, p: Principal, eventId: string, opts: { refund: boolean; reason?: string }) {
  return transaction(ctx.database.pool, async (tx) => {
    const event = await findEvent(tx.db, p.organizationId, eventId, { forUpdate: true });
    if (event.status === 'cancelled') return event;
    const [updated] = await tx.db.update(events).set({ status: 'cancelled', cancelledAt: new Date(), version: event.version + 1, updatedAt: new Date() }).where(eq(events.id, eventId)).returning();
    const affected = await cancelOrdersOfEvent(ctx, tx, event, { refund: opts.refund, actorId: p.memberId, reason: opts.reason ?? 'event cancelled' });
    await ctx.outbox.emit(tx, {
      organizationId: p.organizationId,
      type: 'event.cancelled',
      aggregateType: 'event',
      aggregateId: eventId,
      payload: { actorId: p.memberId, refund: opts.refund, reason: opts.reason ?? null, orders: affected },
    });
    return updated!;
  });
}

/** Only a draft nobody has ordered from can be deleted; anything else is cancelled instead. */
export async function deleteEvent(ctx: AppContext, p: Principal, eventId: string) {
  await transaction(ctx.database.pool, async ({ db, client }) => {
    const event = await findEvent(db, p.organizationId, eventId, { forUpdate: true });
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(orders).where(eq(orders.eventId, eventId))) as [{ n: number }];
    if (event.status !== 'draft' || n > 0) throw conflict('event_not_deletable', 'Only a draft event without orders can be deleted; cancel it instead');
    await client.query('DELETE FROM ticket_types WHERE event_id = $1 AND organization_id = $2', [eventId, p.organizationId]);
    await client.query('DELETE FROM sessions WHERE event_id = $1 AND organization_id = $2', [eventId, p.organizationId]);
    await db.delete(events).where(and(eq(events.id, eventId), eq(events.organizationId, p.organizationId)));
    await ctx.outbox.emit({ db, client }, { organizationId: p.organizationId, type: 'event.deleted', aggregateType: 'event', aggregateId: eventId, payload: { actorId: p.memberId, eventId, before: snapshot(event) } });
  });
}

