import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, sessions, ticketTypes } from '../../db/schema/index.js';
import { notFound } from '../../lib/errors.js';

/** Every read takes the organisation: an ID from another tenant is simply "not found". */
export async function findEvent(db: Db, organizationId: string, eventId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(events).where(and(eq(events.id, eventId), eq(events.organizationId, organizationId)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Event');
  return row;
}

export async function listActiveSessions(db: Db, organizationId: string, eventId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.eventId, eventId), eq(sessions.organizationId, organizationId), ne(sessions.status, 'cancelled')))
    .orderBy(asc(sessions.startsAt));
}

export async function listTicketTypes(db: Db, organizationId: string, eventId: string) {
  return db
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.eventId, eventId), eq(ticketTypes.organizationId, organizationId)))
    .orderBy(asc(ticketTypes.position), asc(ticketTypes.createdAt));
}

/** Event start/end always span its active sessions, so lists and calendars agree. */
export async function refreshEventSpan(db: Db, organizationId: string, eventId: string) {
  const list = await listActiveSessions(db, organizationId, eventId);
  if (!list.length) return;
  const startsAt = new Date(Math.min(...list.map((s) => s.startsAt.getTime())));
  const endsAt = new Date(Math.max(...list.map((s) => s.endsAt.getTime())));
  await db.update(events).set({ startsAt, endsAt, updatedAt: new Date() }).where(eq(events.id, eventId));
}
