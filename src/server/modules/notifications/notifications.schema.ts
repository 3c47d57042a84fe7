import { z } from 'zod';
import { InstantOut, Locale } from '../../http/schemas.js';
import { TEMPLATE_KEYS } from './template-keys.js';

export const TemplateKeyParam = z.object({ key: z.enum(TEMPLATE_KEYS) });
export const EventTemplateParams = z.object({ eventId: z.string().min(1).max(64), key: z.enum(TEMPLATE_KEYS) });

const Text = z.string().max(50_000).nullable();
export const TemplatePut = z
  .object({
    enabled: z.boolean().nullable().describe('Delivery on/off; null = inherit'),
    copyToOrganizer: z.boolean().nullable().describe('Send a copy to the organiser; null = inherit'),
    reminderOffsetsMinutes: z.array(z.number().int().min(5).max(60 * 24 * 60)).max(10).nullable().describe('reminder only: minutes before each session start'),
    locale: Locale.describe('Locale of `subject`/`body` (default: the organisation locale)'),
    subject: z.string().max(500).nullable(),
    body: Text,
    texts: z.partialRecord(Locale, z.object({ subject: z.string().max(500).nullable().optional(), body: Text.optional() })),
  })
  .partial()
  .strict();

export const TemplateOut = z.object({
  key: z.string(),
  scope: z.enum(['organization', 'event']),
  eventId: z.string().nullable(),
  overridden: z.boolean(),
  enabled: z.boolean(),
  copyToOrganizer: z.boolean(),
  reminderOffsetsMinutes: z.array(z.number()).nullable(),
  texts: z.record(z.string(), z.object({ subject: z.string(), body: z.string(), source: z.enum(['event', 'organization', 'default']) })),
});

export const PreviewIn = z.object({
  key: z.enum(TEMPLATE_KEYS),
  locale: Locale.optional(),
  eventId: z.string().max(64).optional(),
  subject: z.string().max(500).optional(),
  body: z.string().max(50_000).optional(),
});
export const PreviewOut = z.object({ key: z.string(), locale: z.string(), subject: z.string(), body: z.string() });

export const EmailOut = z.object({
  id: z.string(),
  templateKey: z.string(),
  eventId: z.string().nullable(),
  orderId: z.string().nullable(),
  attendeeId: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  locale: z.string(),
  status: z.enum(['queued', 'sending', 'sent', 'failed']),
  transport: z.string().nullable(),
  attempts: z.number(),
  serverResponse: z.string().nullable().describe("The SMTP server's reply (acceptance or error)"),
  error: z.string().nullable(),
  createdAt: InstantOut,
  sentAt: InstantOut.nullable(),
  body: z.string().optional(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })).optional(),
});

export const EmailsQuery = z.object({
  status: z.enum(['queued', 'sending', 'sent', 'failed']).optional(),
  eventId: z.string().max(64).optional(),
  attendeeId: z.string().max(64).optional(),
  to: z.string().max(254).optional(),
  templateKey: z.enum(TEMPLATE_KEYS).optional(),
  includeBody: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(200).optional().describe('Cursor: `nextCursor` of the previous page (or an ISO instant: only older e-mails)'),
});

export const ResendIn = z.object({ kind: z.enum(['ticket', 'join']) });
export const ResendOut = z.object({ queued: z.number(), skipped: z.number(), emailIds: z.array(z.string()) });
