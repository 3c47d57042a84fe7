import { pgTable, text, integer, timestamp, jsonb, index, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';

/**
 * Organiser-edited e-mail templates. `eventId = ''` is the organisation's template; a row
 * with an event id overrides it for that event. Texts are per locale; a locale without a
 * text falls back to the next level (event → organisation → built-in default).
 */
export const emailTemplates = pgTable(
  'email_templates',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id').notNull().default(''),
    key: text('key').notNull(),
    /** Null → inherit (event → organisation → default). */
    enabled: boolean('enabled'),
    copyToOrganizer: boolean('copy_to_organizer'),
    texts: jsonb('texts').$type<Record<string, { subject?: string; body?: string }>>().notNull().default({}),
    /** Reminder template only: minutes before a session start. */
    offsetsMinutes: jsonb('offsets_minutes').$type<number[] | null>(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('email_templates_scope').on(t.organizationId, t.eventId, t.key)],
);

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

/**
 * Every outgoing e-mail, and the embedded mailbox when no SMTP server is configured.
 * `dedupeKey` (template, recipient, version) is unique and written before sending, so the
 * same notice is never created — hence never sent — twice.
 */
export const emails = pgTable(
  'emails',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    eventId: text('event_id'),
    orderId: text('order_id'),
    attendeeId: text('attendee_id'),
    templateKey: text('template_key').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    locale: text('locale').notNull(),
    fromName: text('from_name'),
    replyTo: text('reply_to'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    /** Attachments as text (the ICS calendar); small by construction. */
    attachments: jsonb('attachments').$type<{ filename: string; contentType: string; content: string }[]>().notNull().default([]),
    status: text('status', { enum: EMAIL_STATUSES }).notNull().default('queued'),
    transport: text('transport', { enum: ['smtp', 'mailbox'] }),
    attempts: integer('attempts').notNull().default(0),
    messageId: text('message_id'),
    /** The SMTP server's reply: acceptance line when sent, error reply when failed. */
    serverResponse: text('server_response'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('emails_dedupe').on(t.organizationId, t.dedupeKey), index('emails_org_created').on(t.organizationId, t.createdAt), index('emails_attendee').on(t.attendeeId)],
);

/**
 * Personal join links notifications know about: from conferencing's `registration.registered`
 * (one per attendee × conference). Event-wide links (Jitsi, custom) live in event settings.
 */
export const attendeeJoinLinks = pgTable(
  'attendee_join_links',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    attendeeId: text('attendee_id').notNull(),
    conferenceId: text('conference_id').notNull(),
    sessionId: text('session_id'),
    joinUrl: text('join_url').notNull(),
    passcode: text('passcode'),
    meetingId: text('meeting_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('attendee_join_links_key').on(t.attendeeId, t.conferenceId)],
);
