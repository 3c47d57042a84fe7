import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ticketTypes } from '../../db/schema/index.js';
import { transaction } from '../../db/transaction.js';
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { assertValidPrice } from '../../lib/money.js';
import { newId } from '../../lib/tokens.js';
import type { Principal } from '../auth/auth.service.js';
import { findEvent, listTicketTypes } from '../events/events.repo.js';
import type { TicketTypeCreate, TicketTypePatch } from './ticket-types.schema.js';
import { changedFields, snapshot } from '../audit/audit-diff.js';
import { assertMethodsTakeCurrency } from '../../providers/payments/registry.js';

type Shape = {
  price: { amount: number; currency: string };
  discountedPrice?: { amount: number; currency: string } | null;
  salesStartAt?: Date | null;
  salesEndAt?: Date | null;
};

/** Price rules of SPEC 2; one currency per event so an order never mixes currencies. */
function assertPricing(t: Shape, eventCurrency: string | undefined) {
  assertValidPrice('price', t.price.amount, t.price.currency);
  if (eventCurrency && t.price.currency !== eventCurrency) {
    throw invalid('price.currency', `this event sells in ${eventCurrency}; every ticket type of an event uses the same currency`, 'currency_mismatch');
  }
  if (t.discountedPrice) {
    if (t.discountedPrice.currency !== t.price.currency) throw invalid('discountedPrice.currency', `must be ${t.price.currency} like the price`);
    assertValidPrice('discountedPrice', t.discountedPrice.amount, t.discountedPrice.currency);
    if (t.discountedPrice.amount >= t.price.amount) throw invalid('discountedPrice.amount', 'must be lower than the regular price');
  }
  if (t.salesStartAt && t.salesEndAt && t.salesEndAt <= t.salesStartAt) throw invalid('salesEndAt', 'must be after salesStartAt');
}

export async function createTicketType(ctx: AppContext, p: Principal, eventId: string, input: z.infer<typeof TicketTypeCreate>) {
  return transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    const event = await findEvent(db, p.organizationId, eventId, { forUpdate: true });
    if (event.status === 'cancelled') throw conflict('event_cancelled', 'A cancelled event cannot get new ticket types');
    const existing = await listTicketTypes(db, p.organizationId, eventId);
    assertPricing(input, existing[0]?.currency);
    if (input.price.amount > 0) assertMethodsTakeCurrency(event.paymentMethods, input.price.currency, () => 'price.currency');
    const [row] = await db
      .insert(ticketTypes)
      .values({
        id: newId('tkt'),
        organizationId: p.organizationId,
        eventId,
        name: input.name,
        description: input.description ?? '',
        priceAmount: input.price.amount,
        currency: input.price.currency,
        discountedAmount: input.discountedPrice?.amount ?? null,
        capacity: input.capacity ?? null,
        salesStartAt: input.salesStartAt ?? null,
        salesEndAt: input.salesEndAt ?? null,
        position: input.position ?? existing.length,
      })
      .returning();
    await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'ticket_type.created', aggregateType: 'ticket_type', aggregateId: row!.id, payload: { actorId: p.memberId, eventId, after: snapshot(row!, ['organizationId', 'reserved']) } });
    return row!;
  });
}

/**
 * A price may change after sales started: orders store their own unit price, so only new
 * orders see the new one (SPEC 2 — better than ClickMeeting's freeze).
 */
export async function updateTicketType(ctx: AppContext, p: Principal, eventId: string, ticketTypeId: string, patch: z.infer<typeof TicketTypePatch>) {
  return transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    const event = await findEvent(db, p.organizationId, eventId);
    const [current] = await db
      .select()
      .from(ticketTypes)
      .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId), eq(ticketTypes.organizationId, p.organizationId)))
      .for('update');
    if (!current) throw notFound('Ticket type');
    const price = patch.price ?? { amount: current.priceAmount, currency: current.currency };
    const discountedPrice = patch.discountedPrice !== undefined ? patch.discountedPrice : current.discountedAmount === null ? null : { amount: current.discountedAmount, currency: current.currency };
    const others = (await listTicketTypes(db, p.organizationId, eventId)).filter((t) => t.id !== ticketTypeId);
    assertPricing(
      { price, discountedPrice, salesStartAt: patch.salesStartAt !== undefined ? patch.salesStartAt : current.salesStartAt, salesEndAt: patch.salesEndAt !== undefined ? patch.salesEndAt : current.salesEndAt },
      others[0]?.currency,
    );
    if (price.amount > 0) assertMethodsTakeCurrency(event.paymentMethods, price.currency, () => 'price.currency');
    if (patch.capacity != null && patch.capacity < current.reserved) {
      throw conflict('capacity_below_sold', `${current.reserved} tickets are already taken; capacity cannot go below that`, { fields: [{ field: 'capacity', message: `must be at least ${current.reserved}` }] });
    }
    const { price: _p, discountedPrice: _d, ...rest } = patch;
    const [row] = await db
      .update(ticketTypes)
      .set({ ...rest, priceAmount: price.amount, currency: price.currency, discountedAmount: discountedPrice?.amount ?? null, updatedAt: new Date() })
      .where(eq(ticketTypes.id, ticketTypeId))
      .returning();
    const diff = changedFields(current, row!, ['updatedAt', 'createdAt', 'reserved']);
    if (diff) await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'ticket_type.updated', aggregateType: 'ticket_type', aggregateId: ticketTypeId, payload: { actorId: p.memberId, eventId, ...diff } });
    return row!;
  });
}
