import { pgTable, text, integer, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

export interface ImportIssue {
  line: number;
  field: string;
  message: string;
}

/** One order of an import's plan, with every id and token chosen before anything is written. */
export interface StoredImportOrder {
  id: string;
  token: string;
  items: { id: string; ticketTypeId: string; sessionId: string | null; quantity: number }[];
  /** The first attendee is the buyer. */
  attendees: { id: string; token: string; itemId: string; line: number; firstName: string; lastName: string; email: string; ticketTypeId: string; sessionId: string | null }[];
}

export interface StoredImportPlan {
  locale: string;
  currency: string;
  orders: StoredImportOrder[];
}

/**
 * One attendee import (SPEC 6). The CSV is kept until the import has been re-validated and
 * its seats reserved; then `plan` holds every order to write (with pre-assigned ids) and the
 * orders are written in short transactions, each advancing `orders_created`/`processed`.
 */
export const attendeeImports = pgTable(
  'attendee_imports',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    eventId: text('event_id').notNull(),
    memberId: text('member_id').notNull(),
    status: text('status', { enum: ['queued', 'running', 'completed', 'failed'] }).notNull(),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    errors: jsonb('errors').$type<ImportIssue[]>().notNull().default([]),
    /** The uploaded file as decoded text, kept for the job; cleared when the import ends. */
    csv: text('csv'),
    ordersCreated: integer('orders_created').notNull().default(0),
    /** Set once the seats are reserved; orders [0, orders_created) are written. Cleared at the end. */
    plan: jsonb('plan').$type<StoredImportPlan>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('attendee_imports_event').on(t.organizationId, t.eventId, t.createdAt)],
);
