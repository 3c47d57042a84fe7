import { pgTable, text, integer, timestamp, jsonb, index, uniqueIndex, primaryKey, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organizations } from './organizations.js';
import { events } from './events.js';

/**
 * Promo codes of one event (SPEC 4). `used_count` is taken with a conditional UPDATE at
 * checkout (never past `max_uses`) and given back when an unpaid order expires, fails or is
 * cancelled.
 */
export const promoCodes = pgTable(
  'promo_codes',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    /** As entered; matched case-insensitively. */
    code: text('code').notNull(),
    percentOff: integer('percent_off'),
    amountOff: integer('amount_off'),
    currency: text('currency'),
    maxUses: integer('max_uses'),
    usedCount: integer('used_count').notNull().default(0),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    /** Empty → every ticket type of the event. */
    ticketTypeIds: jsonb('ticket_type_ids').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('promo_codes_event_code').on(t.eventId, sql`upper(${t.code})`), index('promo_codes_org').on(t.organizationId)],
);

/**
 * Every provider notification that was verified and applied, by the provider's own event id:
 * a duplicate or replayed delivery finds its row and changes nothing.
 */
export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    organizationId: text('organization_id').notNull(),
    orderId: text('order_id'),
    kind: text('kind').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);
