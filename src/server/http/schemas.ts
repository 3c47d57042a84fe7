import { z } from 'zod';

/** ISO 8601 instant with `Z` or an offset (SPEC 9); becomes a Date. */
export const Instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-12-01T18:00:00+01:00' })
  .transform((s) => new Date(s));

export const InstantOut = z.string().describe('ISO 8601 instant (UTC)');

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. PLN');

export const MoneyIn = z.object({
  amount: z.number().int('must be an integer number of minor units (e.g. cents)').min(0, 'must not be negative'),
  currency: Currency,
});
export const MoneyOut = z.object({ amount: z.number().int(), currency: z.string() });

export const Email = z
  .string()
  .trim()
  .max(254)
  .email('must be a valid e-mail address')
  .transform((s) => s.toLowerCase());

export const Name = (max = 100) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const IdParam = (name: string) => z.object({ [name]: z.string().min(1).max(64) });

export const ErrorOut = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/** Standard error responses, so every route's OpenAPI entry documents them. */
export const errorResponses = {
  400: ErrorOut,
  401: ErrorOut,
  403: ErrorOut,
  404: ErrorOut,
  409: ErrorOut,
  422: ErrorOut,
} as const;

export const Locale = z.enum(['en', 'pl', 'ja', 'ru', 'ko']);
