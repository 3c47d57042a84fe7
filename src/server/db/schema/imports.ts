import { pgTable, text, integer, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

export interface ImportIssue {
  line: number;
  field: string;
  message: string;
}

/**
 * One attendee import (SPEC 6). The CSV is kept until the import has run so a large file
 * can be processed by a job; `processed` is updated outside the import's transaction, so
 * progress is visible while the all-or-nothing write is still uncommitted.
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('attendee_imports_event').on(t.organizationId, t.eventId, t.createdAt)],
);
