import type { AppContext } from '../../context.js';
import type { events, sessions, ticketTypes } from '../../db/schema/index.js';
import { money } from '../../lib/money.js';

type EventRow = typeof events.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;
type TicketTypeRow = typeof ticketTypes.$inferSelect;

export const publicEventUrl = (ctx: AppContext, slug: string) => `${ctx.config.appUrl}/e/${slug}`;

export function serializeEvent(ctx: AppContext, e: EventRow) {
  return {
    id: e.id,
    slug: e.slug,
    url: publicEventUrl(ctx, e.slug),
    title: e.title,
    description: e.description,
    timeZone: e.timeZone,
    format: e.format,
    kind: e.kind,
    status: e.status,
    venue: e.venue,
    locale: e.locale,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    capacity: e.capacity,
    reserved: e.reserved,
    recurrenceRule: e.recurrenceRule,
    paymentMethods: e.paymentMethods,
    settings: e.settings,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
  };
}

export function serializeSession(s: SessionRow) {
  return {
    id: s.id,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    reserved: s.reserved,
    staffMemberId: s.staffMemberId,
    status: s.status,
  };
}

export function currentUnitPrice(t: TicketTypeRow): number {
  return t.discountedAmount ?? t.priceAmount;
}

export function serializeTicketType(t: TicketTypeRow) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    price: money(t.priceAmount, t.currency),
    discountedPrice: t.discountedAmount === null ? null : money(t.discountedAmount, t.currency),
    currentPrice: money(currentUnitPrice(t), t.currency),
    capacity: t.capacity,
    sold: t.reserved,
    salesStartAt: t.salesStartAt?.toISOString() ?? null,
    salesEndAt: t.salesEndAt?.toISOString() ?? null,
    active: t.active,
  };
}
