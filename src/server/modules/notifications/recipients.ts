import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { attendees, events, orders, organizations, sessions, ticketTypes } from '../../db/schema/index.js';
import { listActiveSessions } from '../events/events.repo.js';
import type { AttendeeBundle, EventRow } from './attendee-bundle.js';
import { ticketStatus } from '../public/public-events.service.js';

const VALID = ['completed', 'partially_refunded'] as const;

/**
 * Bundles for many attendees of one event in two queries (fan-outs): `active` = holders of a
 * valid ticket; `cancelledWithEvent` = those whose paid ticket the event's cancellation ended.
 */
export async function eventRecipients(db: Db, event: EventRow, which: 'active' | 'cancelledWithEvent', opts: { sessionId?: string; attendeeIds?: string[]; completedBefore?: Date } = {}): Promise<AttendeeBundle[]> {
  const where = [eq(attendees.eventId, event.id), eq(attendees.organizationId, event.organizationId)];
  if (which === 'active') {
    where.push(eq(attendees.status, 'active'), inArray(orders.status, [...VALID]));
  } else {
    where.push(isNotNull(orders.completedAt), or(eq(attendees.status, 'active'), sql`${attendees.cancelledAt} >= ${events.cancelledAt} - interval '10 minutes'`)!);
  }
  if (opts.sessionId) where.push(or(sql`${attendees.sessionId} IS NULL`, eq(attendees.sessionId, opts.sessionId))!);
  if (opts.attendeeIds) where.push(inArray(attendees.id, opts.attendeeIds));
  // A change notice is for tickets issued before the change; later ones were issued with it.
  if (opts.completedBefore) where.push(or(isNull(orders.completedAt), lt(orders.completedAt, opts.completedBefore))!);
  const rows = await db
    .select({ a: attendees, o: orders, org: organizations, tt: ticketTypes.name })
    .from(attendees)
    .innerJoin(orders, eq(orders.id, attendees.orderId))
    .innerJoin(events, eq(events.id, attendees.eventId))
    .innerJoin(organizations, eq(organizations.id, events.organizationId))
    .innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId))
    .where(and(...where))
    .orderBy(asc(attendees.createdAt), asc(attendees.id));
  const all = await listActiveSessions(db, event.organizationId, event.id);
  const out: AttendeeBundle[] = [];
  const slots = new Map<string, AttendeeBundle['sessions']>();
  for (const r of rows) {
    let covered = all;
    if (r.a.sessionId) {
      if (!slots.has(r.a.sessionId)) slots.set(r.a.sessionId, await db.select().from(sessions).where(eq(sessions.id, r.a.sessionId)));
      covered = slots.get(r.a.sessionId)!;
    }
    out.push({ attendee: r.a, order: r.o, event, organization: r.org, ticketTypeName: r.tt, sessions: covered, status: ticketStatus(r.o.status, r.a.status) });
  }
  return out;
}
