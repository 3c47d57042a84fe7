import { pgTable, text, integer, timestamp, jsonb, index, boolean } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';
import { events, sessions, ticketTypes } from './events.js';

export const ORDER_STATUSES = [
  'awaiting_payment',
  'on_hold',
  'completed',
  'partially_refunded',
  'refunded',
  'cancelled',
  'expired',
  'failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    /** Bearer secret for the buyer's order page (≥ 128 bits). */
    token: text('token').notNull().unique(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    buyerFirstName: text('buyer_first_name').notNull(),
    buyerLastName: text('buyer_last_name').notNull(),
    buyerEmail: text('buyer_email').notNull(),
    locale: text('locale').notNull().default('en'),
    billing: jsonb('billing').$type<Record<string, string>>(),
    paymentMethod: text('payment_method').notNull(),
    currency: text('currency').notNull(),
    subtotalAmount: integer('subtotal_amount').notNull(),
    discountAmount: integer('discount_amount').notNull().default(0),
    totalAmount: integer('total_amount').notNull(),
    feeAmount: integer('fee_amount').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    promoCodeId: text('promo_code_id'),
    /** Provider reference (checkout session, PayPal order, PayU order) and where the buyer pays. */
    paymentRef: text('payment_ref'),
    paymentUrl: text('payment_url'),
    /** The captured payment (Stripe PaymentIntent, PayPal capture, PayU order) that refunds and disputes refer to. */
    paymentCaptureRef: text('payment_capture_ref'),
    /** True while the order's seats count against capacity. */
    holdsSeats: boolean('holds_seats').notNull().default(true),
    holdExpiresAt: timestamp('hold_expires_at', { withTimezone: true }),
    source: text('source', { enum: ['checkout', 'import', 'organizer'] }).notNull().default('checkout'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('orders_event').on(t.eventId, t.createdAt), index('orders_org_status').on(t.organizationId, t.status)],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    orderId: text('order_id').notNull().references(() => orders.id),
    ticketTypeId: text('ticket_type_id').notNull().references(() => ticketTypes.id),
    sessionId: text('session_id').references(() => sessions.id),
    quantity: integer('quantity').notNull(),
    /** Price per ticket at the time of the order: later price changes never touch it. */
    unitAmount: integer('unit_amount').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [index('order_items_order').on(t.orderId)],
);

export const attendees = pgTable(
  'attendees',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    eventId: text('event_id').notNull().references(() => events.id),
    orderId: text('order_id').notNull().references(() => orders.id),
    orderItemId: text('order_item_id').notNull().references(() => orderItems.id),
    ticketTypeId: text('ticket_type_id').notNull().references(() => ticketTypes.id),
    sessionId: text('session_id').references(() => sessions.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Lower-cased: the registrant key with conferencing providers. */
    email: text('email').notNull(),
    isBuyer: boolean('is_buyer').notNull().default(false),
    /** Order in which the buyer listed attendees (the representative first when they attend). */
    position: integer('position').notNull().default(0),
    ticketToken: text('ticket_token').notNull().unique(),
    status: text('status', { enum: ['active', 'cancelled'] }).notNull().default('active'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('attendees_event').on(t.eventId, t.email),
    index('attendees_order').on(t.orderId),
    // The CSV export walks an event's attendees in keyset batches, companions next to their buyer.
    index('attendees_event_export').on(t.eventId, t.orderId, t.position, t.id),
  ],
);

/** Every order state change with who or what caused it (SPEC 4). */
export const orderTransitions = pgTable(
  'order_transitions',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    orderId: text('order_id').notNull().references(() => orders.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorType: text('actor_type', { enum: ['member', 'buyer', 'system', 'provider'] }).notNull(),
    actorId: text('actor_id'),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_transitions_order').on(t.orderId, t.createdAt)],
);

export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    orderId: text('order_id').notNull().references(() => orders.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    provider: text('provider').notNull(),
    providerRef: text('provider_ref'),
    reason: text('reason'),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('refunds_order').on(t.orderId)],
);
