import { and, eq, ne, asc } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { attendees, events, orders, organizations, sessions, ticketTypes } from '../../db/schema/index.js';
import { notFound } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { listActiveSessions, listTicketTypes } from '../events/events.repo.js';
import { currentUnitPrice, publicEventUrl, serializeSession } from '../events/events.serialize.js';
import { ticketExtrasByToken } from '../notifications/ticket-page.js';

/** A published (or cancelled, to say so) event by its public slug; drafts do not exist publicly. */
export async function loadPublicEvent(ctx: AppContext, slug: string) {
  const { db } = ctx.database;
  const [row] = await db
    .select({ event: events, organization: organizations })
    .from(events)
    .innerJoin(organizations, eq(organizations.id, events.organizationId))
    .where(and(eq(events.slug, slug), ne(events.status, 'draft')));
  if (!row) throw notFound('Event');
  const [s, t] = await Promise.all([listActiveSessions(db, row.event.organizationId, row.event.id), listTicketTypes(db, row.event.organizationId, row.event.id)]);
  return { event: row.event, organization: row.organization, sessions: s, ticketTypes: t.filter((x) => x.active) };
}

const left = (capacity: number | null, reserved: number) => (capacity === null ? null : Math.max(capacity - reserved, 0));

/** What a buyer sees: no counts of other people beyond remaining seats, no staff details. */
export async function publicEventView(ctx: AppContext, slug: string) {
  const { event, organization, sessions: s, ticketTypes: t } = await loadPublicEvent(ctx, slug);
  const eventLeft = left(event.capacity, event.reserved);
  const minLeft = (...xs: (number | null)[]) => {
    const known = xs.filter((x): x is number => x !== null);
    return known.length ? Math.min(...known) : null;
  };
  const now = new Date();
  return {
    id: event.id,
    slug: event.slug,
    url: publicEventUrl(ctx, event.slug),
    title: event.title,
    description: event.description,
    organizer: { name: organization.name },
    timeZone: event.timeZone,
    format: event.format,
    kind: event.kind,
    status: event.status,
    venue: event.venue,
    locale: event.locale,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    remaining: eventLeft,
    paymentMethods: event.paymentMethods,
    sessions: s.map((x) => {
      const { reserved: _r, staffMemberId: _m, ...pub } = serializeSession(x);
      return { ...pub, remaining: minLeft(left(x.capacity, x.reserved), eventLeft) };
    }),
    ticketTypes: t.map((x) => ({
      id: x.id,
      name: x.name,
      description: x.description,
      price: money(x.priceAmount, x.currency),
      discountedPrice: x.discountedAmount === null ? null : money(x.discountedAmount, x.currency),
      currentPrice: money(currentUnitPrice(x), x.currency),
      remaining: minLeft(left(x.capacity, x.reserved), eventLeft),
      onSale: event.status === 'published' && (!x.salesStartAt || x.salesStartAt <= now) && (!x.salesEndAt || x.salesEndAt > now),
      salesStartAt: x.salesStartAt?.toISOString() ?? null,
      salesEndAt: x.salesEndAt?.toISOString() ?? null,
    })),
  };
}

export const ticketUrl = (ctx: AppContext, token: string) => `${ctx.config.appUrl}/t/${token}`;
export const orderUrl = (ctx: AppContext, token: string) => `${ctx.config.appUrl}/o/${token}`;

/** The buyer's order page: their order and the tickets of their own companions only. */
export async function publicOrderView(ctx: AppContext, orderToken: string) {
  const { db } = ctx.database;
  const [order] = await db.select().from(orders).where(eq(orders.token, orderToken));
  if (!order) throw notFound('Order');
  const [event] = await db.select().from(events).where(eq(events.id, order.eventId));
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, order.organizationId));
  const list = await db.select({ a: attendees, tt: ticketTypes }).from(attendees).innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId)).where(eq(attendees.orderId, order.id)).orderBy(asc(attendees.position), asc(attendees.id));
  return {
    order: {
      id: order.id,
      status: order.status,
      total: money(order.totalAmount, order.currency),
      refunded: money(order.refundedAmount, order.currency),
      currency: order.currency,
      paymentMethod: order.paymentMethod,
      paymentUrl: order.status === 'awaiting_payment' ? order.paymentUrl : null,
      holdExpiresAt: order.holdExpiresAt?.toISOString() ?? null,
      createdAt: order.createdAt.toISOString(),
      buyer: { firstName: order.buyerFirstName, lastName: order.buyerLastName, email: order.buyerEmail },
    },
    event: { title: event!.title, slug: event!.slug, url: publicEventUrl(ctx, event!.slug), startsAt: event!.startsAt.toISOString(), endsAt: event!.endsAt.toISOString(), timeZone: event!.timeZone, status: event!.status, organizer: { name: org?.name ?? '' } },
    tickets: list.map(({ a, tt }) => ({
      ticketToken: a.ticketToken,
      url: ticketUrl(ctx, a.ticketToken),
      attendee: { firstName: a.firstName, lastName: a.lastName, email: a.email, isBuyer: a.isBuyer },
      ticketType: tt.name,
      sessionId: a.sessionId,
      status: ticketStatus(order.status, a.status),
    })),
  };
}

/** A ticket is valid only while its order is paid and the attendee not cancelled. */
export function ticketStatus(orderStatus: string, attendeeStatus: string): 'valid' | 'pending' | 'cancelled' {
  if (attendeeStatus === 'cancelled') return 'cancelled';
  if (orderStatus === 'completed' || orderStatus === 'partially_refunded') return 'valid';
  if (orderStatus === 'awaiting_payment' || orderStatus === 'on_hold') return 'pending';
  return 'cancelled';
}

/** One attendee's ticket: only that person's details (companions never see each other here). */
export async function publicTicketView(ctx: AppContext, ticketToken: string, opts: { viewerTimeZone?: string } = {}) {
  const { db } = ctx.database;
  const [row] = await db
    .select({ a: attendees, o: orders, e: events, tt: ticketTypes })
    .from(attendees)
    .innerJoin(orders, eq(orders.id, attendees.orderId))
    .innerJoin(events, eq(events.id, attendees.eventId))
    .innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId))
    .where(eq(attendees.ticketToken, ticketToken));
  if (!row) throw notFound('Ticket');
  const all = await listActiveSessions(db, row.e.organizationId, row.e.id);
  const covered = row.a.sessionId ? all.filter((s) => s.id === row.a.sessionId) : all;
  const [slot] = row.a.sessionId ? await db.select().from(sessions).where(eq(sessions.id, row.a.sessionId)) : [];
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.e.organizationId));
  return {
    ticketToken,
    status: ticketStatus(row.o.status, row.a.status),
    attendee: { firstName: row.a.firstName, lastName: row.a.lastName, email: row.a.email },
    ticketType: row.tt.name,
    event: {
      title: row.e.title,
      description: row.e.description,
      url: publicEventUrl(ctx, row.e.slug),
      timeZone: row.e.timeZone,
      format: row.e.format,
      kind: row.e.kind,
      status: row.e.status,
      venue: row.e.venue,
      version: row.e.version,
      organizer: { name: org?.name ?? '' },
    },
    sessions: (covered.length ? covered : slot ? [slot] : []).map((s) => ({ id: s.id, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), status: s.status })),
    // Viewer/event-zone times, join link(s), conference details, QR code, calendar link (notifications).
    ...(await ticketExtrasByToken(ctx, ticketToken, opts)),
  };
}
