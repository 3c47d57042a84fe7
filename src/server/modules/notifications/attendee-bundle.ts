import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { attendees, events, orders, organizations, sessions, ticketTypes } from '../../db/schema/index.js';
import { listActiveSessions } from '../events/events.repo.js';
import { ticketStatus } from '../public/public-events.service.js';

export type AttendeeRow = typeof attendees.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** Everything about one attendee a notice, a ticket page or a calendar needs. */
export interface AttendeeBundle {
  attendee: AttendeeRow;
  order: OrderRow;
  event: EventRow;
  organization: OrganizationRow;
  ticketTypeName: string;
  /** Sessions the ticket covers: its slot, or every active session of the event. */
  sessions: SessionRow[];
  status: 'valid' | 'pending' | 'cancelled';
}

export async function loadBundle(db: Db, where: { attendeeId: string; organizationId?: string } | { ticketToken: string }): Promise<AttendeeBundle | null> {
  const cond = 'ticketToken' in where
    ? eq(attendees.ticketToken, where.ticketToken)
    : where.organizationId
      ? and(eq(attendees.id, where.attendeeId), eq(attendees.organizationId, where.organizationId))
      : eq(attendees.id, where.attendeeId);
  const [row] = await db
    .select({ a: attendees, o: orders, e: events, org: organizations, tt: ticketTypes.name })
    .from(attendees)
    .innerJoin(orders, eq(orders.id, attendees.orderId))
    .innerJoin(events, eq(events.id, attendees.eventId))
    .innerJoin(organizations, eq(organizations.id, events.organizationId))
    .innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId))
    .where(cond);
  if (!row) return null;
  return withSessions(db, { attendee: row.a, order: row.o, event: row.e, organization: row.org, ticketTypeName: row.tt });
}

/** Fills the covered sessions; a cancelled slot is still shown (marked) rather than vanishing. */
export async function withSessions(db: Db, b: Omit<AttendeeBundle, 'sessions' | 'status'>, all?: SessionRow[]): Promise<AttendeeBundle> {
  let covered: SessionRow[];
  if (b.attendee.sessionId) {
    covered = await db.select().from(sessions).where(eq(sessions.id, b.attendee.sessionId));
  } else {
    covered = all ?? (await listActiveSessions(db, b.event.organizationId, b.event.id));
  }
  return { ...b, sessions: covered, status: ticketStatus(b.order.status, b.attendee.status) };
}

/** The order's attendees in the buyer's order (for the representative's ticket list). */
export async function orderAttendees(db: Db, orderId: string) {
  return db
    .select({ a: attendees, tt: ticketTypes.name })
    .from(attendees)
    .innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId))
    .where(eq(attendees.orderId, orderId))
    .orderBy(asc(attendees.position), asc(attendees.id));
}

/**
 * The representative is the buyer when they attend (flagged at checkout, or the same
 * address); everyone else in the order is a companion and gets the companion wording.
 */
export function isRepresentative(a: AttendeeRow, order: OrderRow): boolean {
  return a.isBuyer || a.email.toLowerCase() === order.buyerEmail.toLowerCase();
}
