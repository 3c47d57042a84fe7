import { pgTable, text, integer, timestamp, jsonb, index, boolean } from 'drizzle-orm/pg-core';
import { organizations, members } from './organizations.js';

export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    format: text('format', { enum: ['online', 'in_person', 'hybrid'] }).notNull(),
    kind: text('kind', { enum: ['single', 'multi_day', 'series', 'bookable'] }).notNull(),
    status: text('status', { enum: ['draft', 'published', 'cancelled'] }).notNull().default('draft'),
    venue: text('venue'),
    locale: text('locale').notNull().default('en'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    recurrenceRule: text('recurrence_rule'),
    /** Event-wide seat limit across ticket types; null = only ticket-type limits. */
    capacity: integer('capacity'),
    /** Seats currently taken by active orders (held or sold), kept in step transactionally. */
    reserved: integer('reserved').notNull().default(0),
    paymentMethods: jsonb('payment_methods').$type<string[]>().notNull().default(['free', 'manual']),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Bumped on every change of title/time/link; drives calendar SEQUENCE and change notices. */
    version: integer('version').notNull().default(1),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_org').on(t.organizationId, t.startsAt)],
);

/** Days of a multi-day event, occurrences of a series, slots of a bookable event. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity'),
    reserved: integer('reserved').notNull().default(0),
    staffMemberId: text('staff_member_id').references(() => members.id),
    status: text('status', { enum: ['active', 'cancelled'] }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_event').on(t.eventId, t.startsAt)],
);

export const ticketTypes = pgTable(
  'ticket_types',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceAmount: integer('price_amount').notNull(),
    currency: text('currency').notNull(),
    discountedAmount: integer('discounted_amount'),
    capacity: integer('capacity'),
    reserved: integer('reserved').notNull().default(0),
    salesStartAt: timestamp('sales_start_at', { withTimezone: true }),
    salesEndAt: timestamp('sales_end_at', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_types_event').on(t.eventId)],
);
