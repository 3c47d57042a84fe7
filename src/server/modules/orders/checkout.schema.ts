import { z } from 'zod';
import { Email, Locale, MoneyOut, Name } from '../../http/schemas.js';

export const Person = z.object({ firstName: Name(100), lastName: Name(100), email: Email });

export const CheckoutIn = z.object({
  items: z
    .array(
      z.object({
        ticketTypeId: z.string().min(1),
        quantity: z.number().int().min(1, 'must be at least 1').max(50, 'at most 50 tickets per line'),
        sessionId: z.string().min(1).optional(),
      }),
    )
    .min(1, 'choose at least one ticket')
    .max(20),
  buyer: Person,
  /** One entry per ticket, in item order; the buyer may be one of them. Omit for a single ticket for the buyer. */
  attendees: z.array(Person).max(200).default([]),
  billing: z.record(z.string(), z.string().max(500)).optional(),
  promoCode: z.string().trim().max(64).optional(),
  paymentMethod: z.string().min(1).default('free'),
  locale: Locale.optional(),
});

export const CheckoutOut = z.object({
  order: z.object({ id: z.string(), status: z.string(), total: MoneyOut, currency: z.string() }),
  orderToken: z.string(),
  paymentUrl: z.string().nullable().optional(),
});
