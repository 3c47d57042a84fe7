import { z } from 'zod';
import { Instant, InstantOut, Locale, MoneyOut } from '../../http/schemas.js';

export const EventFormat = z.enum(['online', 'in_person', 'hybrid']);
export const EventKind = z.enum(['single', 'multi_day', 'series', 'bookable']);

export const SessionIn = z.object({
  startsAt: Instant,
  endsAt: Instant,
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  staffMemberId: z.string().nullable().optional(),
});

export const EventCreate = z.object({
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(20_000).optional(),
  timeZone: z.string().min(1, 'is required, e.g. Europe/Warsaw'),
  format: EventFormat,
  kind: EventKind.default('single'),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  venue: z.string().trim().max(500).nullable().optional(),
  locale: Locale.optional(),
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/, 'use 3–80 lower-case letters, digits and dashes').optional(),
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  recurrenceRule: z.string().max(500).optional(),
  sessions: z.array(SessionIn).max(366).optional(),
  paymentMethods: z.array(z.string()).min(1).optional(),
});

export const EventPatch = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(20_000),
    timeZone: z.string().min(1),
    format: EventFormat,
    venue: z.string().trim().max(500).nullable(),
    locale: Locale,
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int().min(1).max(1_000_000).nullable(),
    recurrenceRule: z.string().max(500),
    paymentMethods: z.array(z.string()).min(1),
    settings: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();

export const SessionOut = z.object({
  id: z.string(),
  startsAt: InstantOut,
  endsAt: InstantOut,
  capacity: z.number().nullable(),
  reserved: z.number(),
  staffMemberId: z.string().nullable(),
  status: z.string(),
});

export const TicketTypeOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  price: MoneyOut,
  discountedPrice: MoneyOut.nullable(),
  currentPrice: MoneyOut.describe('What a new order pays now (the discounted price when set)'),
  capacity: z.number().nullable(),
  sold: z.number().describe('Seats taken by active orders, held or paid'),
  salesStartAt: InstantOut.nullable(),
  salesEndAt: InstantOut.nullable(),
  active: z.boolean(),
});

export const EventOut = z.object({
  id: z.string(),
  slug: z.string(),
  url: z.string().describe('Public event page'),
  title: z.string(),
  description: z.string(),
  timeZone: z.string(),
  format: EventFormat,
  kind: EventKind,
  status: z.enum(['draft', 'published', 'cancelled']),
  venue: z.string().nullable(),
  locale: z.string(),
  startsAt: InstantOut,
  endsAt: InstantOut,
  capacity: z.number().nullable(),
  reserved: z.number(),
  recurrenceRule: z.string().nullable(),
  paymentMethods: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  version: z.number(),
  createdAt: InstantOut,
});

export const EventDetailOut = EventOut.extend({ sessions: z.array(SessionOut), ticketTypes: z.array(TicketTypeOut) });

export const EventCancel = z.object({ refund: z.boolean().default(false), reason: z.string().max(1000).optional() }).default({ refund: false });
