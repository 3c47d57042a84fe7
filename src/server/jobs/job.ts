import type { z } from 'zod';
import type { AppContext } from '../context.js';

/** A background job: name + Zod payload + idempotent handler + retry policy (ARCHITECTURE 7). */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  handler: (data: z.infer<S>, ctx: AppContext) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Workers polling this queue in one process. */
  concurrency?: number;
  /**
   * pg-boss queue policy. `stately` (default) lets one job per singleton key wait and one
   * run, so enqueueing the same business key twice is a no-op.
   */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
  /** Cron (UTC) for periodic jobs such as sweepers and reconciliation. */
  cron?: string;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
