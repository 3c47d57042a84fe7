import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { transaction } from '../../db/transaction.js';
import { AppError, conflict, invalid } from '../../lib/errors.js';
import { feeFor, minorDigits, money } from '../../lib/money.js';
import { newId, newSecretToken } from '../../lib/tokens.js';
import { paymentProvider } from '../../providers/payments/registry.js';
import { currentUnitPrice } from '../events/events.serialize.js';
import { loadPublicEvent } from '../public/public-events.service.js';
import { reserveSeats } from './inventory.js';
import { insertRows } from '../../db/sql.js';
import type { CheckoutIn } from './checkout.schema.js';
import { HOLD_EXPIRY_JOB } from './order-jobs.js';
import { runCheckoutGuards } from './checkout-guards.js';
import { consumePromoCode, discountFor, findPromoCode } from '../promo-codes/promo-codes.service.js';
import { gatewayFactories } from '../../providers/payments/gateways.js';
import { gatewayFor } from '../payments/credentials.service.js';
import { startProviderPayment } from '../payments/payments.service.js';

type Input = z.infer<typeof CheckoutIn>;

/**
 * Places an order from the public event page. All validation happens before the
 * transaction; inside it, seats are taken atomically, the order, its attendees, its first
 * transition and its domain events are written together, and for a payment that happens
 * elsewhere the hold-expiry job is enqueued in the same commit.
 */
export async function placeOrder(ctx: AppContext, slug: string, input: Input, meta: { customerIp?: string } = {}) {
  const { event, sessions, ticketTypes, organization } = await loadPublicEvent(ctx, slug);
  if (event.status !== 'published') throw new AppError('event_not_on_sale', 409, event.status === 'cancelled' ? 'This event was cancelled' : 'This event is not on sale');
  const now = new Date();
  if (event.kind !== 'bookable' && event.endsAt <= now) throw new AppError('sales_closed', 409, 'This event has ended; tickets are no longer sold');

  const lines = input.items.map((item, i) => {
    const tt = ticketTypes.find((t) => t.id === item.ticketTypeId && t.active);
    if (!tt) throw invalid(`items.${i}.ticketTypeId`, 'is not a ticket type of this event');
    if (tt.salesStartAt && tt.salesStartAt > now) throw new AppError('sales_not_started', 409, `Sales of "${tt.name}" start at ${tt.salesStartAt.toISOString()}`, { fields: [{ field: `items.${i}.ticketTypeId`, message: 'not on sale yet' }] });
    if (tt.salesEndAt && tt.salesEndAt <= now) throw new AppError('sales_closed', 409, `Sales of "${tt.name}" have ended`, { fields: [{ field: `items.${i}.ticketTypeId`, message: 'sales ended' }] });
    let sessionId: string | null = null;
    if (event.kind === 'bookable') {
      const slot = sessions.find((s) => s.id === item.sessionId);
      if (!item.sessionId) throw invalid(`items.${i}.sessionId`, 'choose a slot for this booking');
      if (!slot) throw invalid(`items.${i}.sessionId`, 'is not an available slot of this event');
      if (slot.startsAt <= now) throw new AppError('sales_closed', 409, 'This slot has already started; choose a later one', { fields: [{ field: `items.${i}.sessionId`, message: 'already started' }] });
      sessionId = slot.id;
    } else if (item.sessionId) {
      throw invalid(`items.${i}.sessionId`, `only bookable events take a slot; a ${event.kind.replace('_', '-')} ticket covers every session`);
    }
    return { ticketType: tt, sessionId, quantity: item.quantity, unitAmount: currentUnitPrice(tt) };
  });

  const quantity = lines.reduce((n, l) => n + l.quantity, 0);
  // Fast answer for an obviously sold-out event; the transaction below is what guarantees it.
  if (event.capacity !== null && event.capacity - event.reserved < quantity) throw conflict('sold_out', 'The event is sold out (not enough seats left for this order)', { scope: 'event' });
  for (const l of lines) {
    if (l.ticketType.capacity !== null && l.ticketType.capacity - l.ticketType.reserved < l.quantity) throw conflict('sold_out', 'Not enough tickets of this type are left', { scope: 'ticket_type', ticketTypeId: l.ticketType.id });
  }
  const people = input.attendees.length ? input.attendees : quantity === 1 ? [input.buyer] : [];
  if (people.length !== quantity) {
    throw invalid('attendees', `${quantity} tickets need ${quantity} attendees with first name, last name and e-mail; got ${people.length}`);
  }
  if (event.format !== 'in_person') {
    // The e-mail is the registrant key with the conferencing provider: one person, one ticket.
    const seen = new Map<string, number>();
    people.forEach((a, i) => {
      if (seen.has(a.email)) throw new AppError('duplicate_attendee_email', 422, `${a.email} appears twice in this order; every attendee of an online event needs their own e-mail address`, { fields: [{ field: `attendees.${i}.email`, message: `same as attendees.${seen.get(a.email)}.email` }] });
      seen.set(a.email, i);
    });
  }
  const promo = input.promoCode ? await findPromoCode(ctx, event.id, input.promoCode) : null;

  const currency = lines[0]!.ticketType.currency;
  const subtotal = lines.reduce((n, l) => n + l.unitAmount * l.quantity, 0);
  // The code applies to the current (possibly discounted) price; 100 % makes the order free.
  let total = subtotal - (promo ? discountFor(promo, lines.map((l) => ({ ticketTypeId: l.ticketType.id, unitAmount: l.unitAmount, quantity: l.quantity }))) : 0);
  if (promo && total === subtotal) throw invalid('promoCode', 'does not apply to the chosen tickets', 'invalid_promo_code');
  const method = total === 0 ? 'free' : input.paymentMethod;
  // Below the provider's minimum charge (or not in whole units where it needs them) → rounded up,
  // never above the undiscounted price; a price the provider cannot charge at all is refused here,
  // before an order exists.
  if (total > 0 && gatewayFactories[method]) {
    const chargeable = gatewayFactories[method]!.chargeable(total, currency);
    if (chargeable > subtotal) {
      const minimum = gatewayFactories[method]!.chargeable(1, currency);
      const why = subtotal < minimum ? `the smallest amount ${method} charges is ${formatMinor(minimum, currency)}` : `${method} charges ${currency} in whole units only`;
      throw invalid('paymentMethod', `${formatMinor(subtotal, currency)} cannot be paid with ${method}: ${why}; choose another payment method`, 'amount_below_provider_minimum');
    }
    total = Math.max(total, chargeable);
  }
  const discount = subtotal - total;
  const provider = paymentProvider(method);
  if (total > 0 && (method === 'free' || !provider || !event.paymentMethods.includes(method))) {
    const offered = event.paymentMethods.filter((m) => m !== 'free');
    throw invalid('paymentMethod', offered.length ? `choose one of: ${offered.join(', ')}` : 'this event takes no payments yet; the organiser must enable a payment method', 'invalid_payment_method');
  }
  if (provider!.currencies !== 'any' && !provider!.currencies.includes(currency)) {
    throw invalid('paymentMethod', `${method} does not accept ${currency}`, 'currency_not_supported');
  }
  if (gatewayFactories[method] && !(await gatewayFor(ctx, event.organizationId, method))) {
    throw invalid('paymentMethod', `${method} is not available for this event right now; choose another payment method`, 'invalid_payment_method');
  }
  const feeBps = organization.feeBasisPoints ?? Math.round(ctx.config.FEE_PERCENT * 100);
  const holdExpiresAt = new Date(now.getTime() + ctx.config.SEAT_HOLD_MINUTES * 60_000);
  const orderId = newId('ord');
  const orderToken = newSecretToken();

  const status = provider!.flow === 'instant' ? 'completed' : provider!.flow === 'offline' ? 'on_hold' : 'awaiting_payment';
  const orgId = event.organizationId;

  await transaction(ctx.database.pool, async (tx) => {
    // Rows first, seat counters last: the event row that every buyer of this event must
    // lock is then held only for the final few statements before COMMIT.
    await tx.client.query(
      `INSERT INTO orders (id, organization_id, event_id, token, status, buyer_first_name, buyer_last_name, buyer_email, locale, billing,
         payment_method, currency, subtotal_amount, discount_amount, total_amount, fee_amount, hold_expires_at, completed_at, promo_code_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$18,$14,$15,$16,$17,$19)`,
      [orderId, orgId, event.id, orderToken, status, input.buyer.firstName, input.buyer.lastName, input.buyer.email, input.locale ?? event.locale,
        input.billing ? JSON.stringify(input.billing) : null, method, currency, subtotal, total, feeFor(total, feeBps),
        status === 'awaiting_payment' ? holdExpiresAt : null, status === 'completed' ? now : null, discount, promo?.id ?? null],
    );
    // Atomic use of the code (never past maxUses); given back if the order ends unpaid (order-state.ts).
    if (promo) await consumePromoCode(tx, promo.id);
    const items = lines.map((l) => ({ ...l, id: newId('oit') }));
    await insertRows(tx.client, 'order_items', ['id', 'organization_id', 'order_id', 'ticket_type_id', 'session_id', 'quantity', 'unit_amount', 'currency'],
      items.map((l) => [l.id, orgId, orderId, l.ticketType.id, l.sessionId, l.quantity, l.unitAmount, currency]));
    const seats = items.flatMap((l) => Array.from({ length: l.quantity }, () => l));
    await insertRows(tx.client, 'attendees', ['id', 'organization_id', 'event_id', 'order_id', 'order_item_id', 'ticket_type_id', 'session_id', 'first_name', 'last_name', 'email', 'is_buyer', 'ticket_token', 'position'],
      seats.map((l, i) => [newId('att'), orgId, event.id, orderId, l.id, l.ticketType.id, l.sessionId, people[i]!.firstName, people[i]!.lastName, people[i]!.email, people[i]!.email === input.buyer.email, newSecretToken(), i]));

    // The same history and events a step-by-step transition would leave.
    const steps: [string | null, string, 'buyer' | 'system', string][] = [[null, 'awaiting_payment', 'buyer', 'checkout']];
    if (status === 'completed') steps.push(['awaiting_payment', 'completed', 'system', promo && total === 0 ? `free with promo code ${promo.code}` : 'free order']);
    if (status === 'on_hold') steps.push(['awaiting_payment', 'on_hold', 'buyer', `${method} payment awaits confirmation`]);
    await insertRows(tx.client, 'order_transitions', ['id', 'organization_id', 'order_id', 'from_status', 'to_status', 'actor_type', 'reason'],
      steps.map(([from, to, actor, reason]) => [newId('otr'), orgId, orderId, from, to, actor, reason]));
    await ctx.outbox.emit(tx, { organizationId: orgId, type: 'order.created', aggregateType: 'order', aggregateId: orderId, payload: { eventId: event.id, paymentMethod: method } });
    if (status !== 'awaiting_payment') {
      const [from, to, actor, reason] = steps[1]!;
      await ctx.outbox.emit(tx, { organizationId: orgId, type: `order.${to}`, aggregateType: 'order', aggregateId: orderId, payload: { eventId: event.id, from, actor: { type: actor }, reason } });
    } else {
      await ctx.queue.send(HOLD_EXPIRY_JOB, { orderId }, { singletonKey: orderId, startAfter: holdExpiresAt, client: tx.client });
    }

    await reserveSeats(tx, event.id, lines.map((l) => ({ ticketTypeId: l.ticketType.id, sessionId: l.sessionId, quantity: l.quantity })));
    if (event.format !== 'in_person') await assertEmailsFree(tx, event.id, orderId, lines, people);
    await runCheckoutGuards(tx, { eventId: event.id, orderId, people: lines.flatMap((l) => Array.from({ length: l.quantity }, () => l.sessionId)).map((sessionId, i) => ({ email: people[i]!.email, sessionId })) });
  });

  // A redirect provider (Stripe, PayPal, PayU) is called after the commit: the order exists
  // even if the provider call fails, and the hold-expiry job cleans up an abandoned one.
  let paymentUrl: string | null = null;
  if (provider!.flow === 'redirect') {
    paymentUrl = gatewayFactories[method] ? await startProviderPayment(ctx, orderId, meta) : await startPortPayment(ctx, orderId, orderToken, total, currency, event.title, input.buyer.email);
  }
  return { order: { id: orderId, status, total: money(total, currency), currency }, orderToken, paymentUrl };
}

/** A redirect provider registered on the port itself (not a per-organisation gateway). */
async function startPortPayment(ctx: AppContext, orderId: string, orderToken: string, amount: number, currency: string, title: string, email: string) {
  const r = await ctx.database.pool.query<{ payment_method: string }>(`SELECT payment_method FROM orders WHERE id = $1`, [orderId]);
  const provider = paymentProvider(r.rows[0]!.payment_method)!;
  const started = await provider.start({ orderId, orderToken, amount, currency, description: title, buyerEmail: email, returnUrl: `${ctx.config.appUrl}/o/${orderToken}` });
  if (started.outcome !== 'redirect') throw new Error(`Provider ${provider.id} did not return a payment URL`);
  await ctx.database.pool.query(`UPDATE orders SET payment_ref = $2, payment_url = $3 WHERE id = $1`, [orderId, started.providerRef, started.paymentUrl]);
  return started.paymentUrl;
}

/**
 * An e-mail may hold one live ticket per online event (per slot for bookable events). The
 * event row is locked by reserveSeats, so two concurrent orders cannot both pass this check
 * (nor an order and an attendee import, which reserves its seats and stores its plan under
 * the same lock).
 */
async function assertEmailsFree(tx: Parameters<Parameters<typeof transaction>[1]>[0], eventId: string, orderId: string, lines: { sessionId: string | null; quantity: number }[], people: { email: string }[]) {
  const emails = people.map((p) => p.email);
  const r = await tx.client.query<{ email: string; session_id: string | null }>(
    `SELECT a.email, a.session_id FROM attendees a JOIN orders o ON o.id = a.order_id
      WHERE a.event_id = $1 AND a.order_id <> $3 AND a.status = 'active' AND o.holds_seats AND a.email = ANY($2)`,
    [eventId, emails, orderId],
  );
  // People of an attendee import that is still being written (seats reserved, orders pending).
  const planned = await tx.client.query<{ email: string; session_id: string | null }>(
    `SELECT a->>'email' AS email, a->>'sessionId' AS session_id FROM attendee_imports i
       CROSS JOIN LATERAL jsonb_array_elements(i.plan->'orders') o CROSS JOIN LATERAL jsonb_array_elements(o->'attendees') a
      WHERE i.event_id = $1 AND i.plan IS NOT NULL AND i.status = 'running' AND a->>'email' = ANY($2)`,
    [eventId, emails],
  );
  r.rows.push(...planned.rows);
  let cursor = 0;
  const sessionOf = new Map<string, string | null>();
  for (const l of lines) for (let k = 0; k < l.quantity; k++) sessionOf.set(people[cursor++]!.email, l.sessionId);
  for (const row of r.rows) {
    if (row.session_id !== null && row.session_id !== sessionOf.get(row.email)) continue;
    const i = emails.indexOf(row.email);
    throw conflict('duplicate_registrant', `${row.email} already has a ticket for this event; each person can be registered once`, { fields: [{ field: `attendees.${i}.email`, message: 'already registered' }] });
  }
}

/** `1.50 PLN`, `500 JPY`: an amount in minor units for a message. */
function formatMinor(amount: number, currency: string): string {
  const d = minorDigits(currency);
  return `${(amount / 10 ** d).toFixed(d)} ${currency}`;
}
