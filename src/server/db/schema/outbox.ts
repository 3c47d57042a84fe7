import { pgTable, text, timestamp, jsonb, index, bigserial } from 'drizzle-orm/pg-core';

/**
 * Domain events, written in the same transaction as the state change that caused them.
 * Subscribers (conferencing sync, e-mails, audit) get a pg-boss job enqueued in that
 * same transaction, so a crash can never leave a change without its follow-up work.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull().unique(),
    organizationId: text('organization_id').notNull(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('domain_events_org').on(t.organizationId, t.seq), index('domain_events_aggregate').on(t.aggregateId)],
);
