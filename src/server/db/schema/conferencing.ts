import { pgTable, text, integer, timestamp, jsonb, index, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organizations, members, credentials } from './organizations.js';
import { events, sessions } from './events.js';
import { attendees } from './orders.js';

/**
 * Conferencing accounts: the organisation default (member_id null) and staff members' own.
 * Zoom secrets live encrypted in `credentials` (credential_id); Jitsi/custom-link settings here.
 */
export const conferencingAccounts = pgTable(
  'conferencing_accounts',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    memberId: text('member_id').references(() => members.id),
    provider: text('provider').notNull(),
    credentialId: text('credential_id').references(() => credentials.id),
    /** Non-secret settings: custom link url/password/description, Jitsi domain, Zoom host. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conferencing_accounts_org_member').on(t.organizationId, sql`coalesce(${t.memberId}, '')`)],
);

/** A conference linked to an event (session_id null: covers every session) or one session/slot. */
export const conferences = pgTable(
  'conferences',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    sessionId: text('session_id').references(() => sessions.id),
    provider: text('provider').notNull(),
    accountId: text('account_id').references(() => conferencingAccounts.id),
    /** generated: Foyer created it and deletes it when the event is cancelled; linked: left alone. */
    mode: text('mode', { enum: ['generated', 'linked'] }).notNull(),
    kind: text('kind', { enum: ['meeting', 'webinar'] }).notNull().default('meeting'),
    externalId: text('external_id').notNull(),
    joinUrl: text('join_url'),
    /** Host-only link; never shown to attendees. */
    startUrl: text('start_url'),
    passcode: text('passcode'),
    description: text('description'),
    hostId: text('host_id'),
    hostEmail: text('host_email'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    registrantLimit: integer('registrant_limit'),
    registrationEnabled: boolean('registration_enabled').notNull().default(true),
    batchAllowed: boolean('batch_allowed').notNull().default(false),
    status: text('status', { enum: ['active', 'deleted', 'replaced'] }).notNull().default('active'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conferences_event').on(t.eventId),
    index('conferences_external').on(t.provider, t.externalId),
    uniqueIndex('conferences_active_target').on(t.eventId, sql`coalesce(${t.sessionId}, '')`).where(sql`${t.status} = 'active'`),
  ],
);

export const REGISTRATION_STATUSES = ['pending', 'registered', 'cancel_pending', 'cancelled', 'failed'] as const;

/**
 * One attendee × one conference. Written as an intent (pending / cancel_pending) in the same
 * transaction as the order change, then made true with the provider by the sync job.
 */
export const registrations = pgTable(
  'registrations',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    eventId: text('event_id').notNull().references(() => events.id),
    conferenceId: text('conference_id').notNull().references(() => conferences.id),
    attendeeId: text('attendee_id').notNull().references(() => attendees.id),
    email: text('email').notNull(),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull().default('pending'),
    providerRegistrantId: text('provider_registrant_id'),
    joinUrl: text('join_url'),
    lastError: text('last_error'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('registrations_conference_attendee').on(t.conferenceId, t.attendeeId),
    index('registrations_conference_status').on(t.conferenceId, t.status),
    index('registrations_event').on(t.eventId),
    index('registrations_attendee').on(t.attendeeId),
  ],
);

/** Differences between Foyer and the provider (webhooks, reconciliation), with a repair action. */
export const conferenceDrift = pgTable(
  'conference_drift',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    eventId: text('event_id').notNull().references(() => events.id),
    conferenceId: text('conference_id').notNull().references(() => conferences.id),
    kind: text('kind', { enum: ['registrant_cancelled', 'registrant_missing', 'registrant_unknown', 'conference_updated', 'conference_deleted'] }).notNull(),
    email: text('email'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Makes webhook redeliveries and repeated reconciliations record one row. */
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status', { enum: ['open', 'repaired', 'dismissed'] }).notNull().default('open'),
    source: text('source', { enum: ['webhook', 'reconciliation'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('conference_drift_event').on(t.eventId, t.status), uniqueIndex('conference_drift_dedupe').on(t.dedupeKey)],
);
