/** Zod issues reduced to what provider error formats need: where, and missing vs. malformed. */
import type { z } from 'zod';

export interface Problem { path: (string | number)[]; missing: boolean; tooLong: boolean; badValue: boolean; message: string }

export function problems(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    // Parsed with `reportInput: true`: an absent value shows as input undefined.
    missing: i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined,
    tooLong: i.code === 'too_big' || i.code === 'too_small',
    badValue: i.code === 'invalid_value',
    message: i.message,
  }));
}
