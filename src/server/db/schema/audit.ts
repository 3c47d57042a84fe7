import { pgTable, text, timestamp, jsonb, index, bigserial } from 'drizzle-orm/pg-core';

/**
 * Who did what, when (SPEC 6). Entries are derived from domain events inside the emitting
 * transaction (an outbox recorder, audit.service.ts), so every change that is worth an event
 * is audited without each service writing its own log line; `domain_event_id` is unique.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull().unique(),
    organizationId: text('organization_id').notNull(),
    eventId: text('event_id'),
    /** member, buyer, system or provider (payment notification, Zoom webhook). */
    actorType: text('actor_type').notNull(),
    /** Member id, provider name (stripe, zoom, ...) or null for the system. */
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    /** Everything else the event said (reason, amounts, ...), for the detail view. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    domainEventId: text('domain_event_id').unique(),
    /** When the change happened (the domain event's time). */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_org').on(t.organizationId, t.createdAt, t.id), index('audit_log_event').on(t.organizationId, t.eventId, t.createdAt)],
);
