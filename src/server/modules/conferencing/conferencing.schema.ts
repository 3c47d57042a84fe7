import { z } from 'zod';

export const ZoomIntegrationIn = z.object({
  accountId: z.string().trim().min(1).max(200),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(500).optional().describe('Omit to keep the stored secret'),
  webhookSecretToken: z.string().trim().min(1).max(500).optional(),
  visibleHostIds: z.array(z.string().min(1).max(200)).max(100).optional(),
  generateHostId: z.string().min(1).max(200).optional(),
  joinLinkSender: z.enum(['foyer', 'zoom']).optional(),
});

export const ZoomIntegrationOut = z.object({
  connected: z.boolean(),
  accountId: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional().describe('masked'),
  webhookSecretToken: z.string().nullable().optional().describe('masked'),
  visibleHostIds: z.array(z.string()).optional(),
  generateHostId: z.string().nullable().optional(),
  joinLinkSender: z.enum(['foyer', 'zoom']).optional(),
});

export const ZoomTestOut = z.object({
  ok: z.boolean(),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  missingScopes: z.array(z.string()),
});

export const ZoomUserOut = z.object({ id: z.string(), email: z.string(), name: z.string(), type: z.number(), licensed: z.boolean(), timeZone: z.string().nullable(), visible: z.boolean(), generateHost: z.boolean() });

export const ZoomConferenceOut = z.object({
  id: z.string(), kind: z.enum(['meeting', 'webinar']), topic: z.string(), startsAt: z.string().nullable(), durationMinutes: z.number().nullable(),
  timeZone: z.string().nullable(), recurring: z.boolean(), registrationEnabled: z.boolean(), joinUrl: z.string().nullable(), hostId: z.string(),
});

export const AccountIn = z.object({
  provider: z.enum(['zoom', 'jitsi', 'custom_link']),
  url: z.string().url().max(2000).optional(),
  password: z.string().max(200).nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
  domain: z.string().min(1).max(200).optional(),
  hostId: z.string().min(1).max(200).optional(),
  zoom: ZoomIntegrationIn.optional().describe("A staff member's own Zoom app credentials"),
});
export const AccountOut = z.object({ id: z.string().optional(), provider: z.string(), memberId: z.string().nullable(), settings: z.record(z.string(), z.unknown()), implicit: z.boolean() });

export const ConferenceIn = z.object({
  provider: z.enum(['zoom', 'jitsi', 'custom_link']).optional().describe('Default: the staff member’s or organisation’s account, else Jitsi'),
  mode: z.enum(['generate', 'link']),
  kind: z.enum(['meeting', 'webinar']).optional(),
  meetingId: z.string().min(1).max(64).optional(),
  hostId: z.string().min(1).max(200).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  layout: z.enum(['single', 'per_session']).optional(),
  url: z.string().url().max(2000).optional(),
  password: z.string().max(200).nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
  registrantLimit: z.number().int().min(1).max(100_000).nullable().optional(),
});

export const ConferenceOut = z.object({
  id: z.string(), eventId: z.string(), sessionId: z.string().nullable(), provider: z.string(), mode: z.enum(['generate', 'link']), generated: z.boolean(),
  kind: z.enum(['meeting', 'webinar']), externalId: z.string(), joinUrl: z.string().nullable(), startUrl: z.string().nullable().describe('host only'),
  passcode: z.string().nullable(), description: z.string().nullable(), hostId: z.string().nullable(), hostEmail: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()), registrantLimit: z.number().nullable(), registrationEnabled: z.boolean(), batchAllowed: z.boolean(), status: z.string(),
});

export const RegistrationOut = z.object({
  id: z.string(), conferenceId: z.string(), sessionId: z.string().nullable(), provider: z.string(), attendeeId: z.string(), email: z.string(),
  firstName: z.string(), lastName: z.string(), status: z.enum(['pending', 'registered', 'cancel_pending', 'cancelled', 'failed']),
  providerRegistrantId: z.string().nullable(), joinUrl: z.string().nullable(), lastError: z.string().nullable(), attempts: z.number(),
  registeredAt: z.string().nullable(), updatedAt: z.string(),
});

export const RegistrationsOut = z.object({
  summary: z.object({ pending: z.number(), registered: z.number(), cancel_pending: z.number(), cancelled: z.number(), failed: z.number(), total: z.number(), progress: z.number() }),
  data: z.array(RegistrationOut),
});

export const DriftOut = z.object({
  id: z.string(), conferenceId: z.string(), kind: z.string(), email: z.string().nullable(), details: z.record(z.string(), z.unknown()),
  status: z.string(), source: z.string(), createdAt: z.string(), resolvedAt: z.string().nullable(),
});
