import { z } from 'zod';
import { defineJob } from '../../jobs/job.js';
import { expireOrder } from './order-actions.service.js';

export const HOLD_EXPIRY_JOB = 'orders.expire-hold';
export const HOLD_SWEEP_JOB = 'orders.sweep-expired-holds';

/** Scheduled at checkout for the moment the seat hold runs out. */
export const expireHoldJob = defineJob({
  name: HOLD_EXPIRY_JOB,
  schema: z.object({ orderId: z.string() }),
  retryLimit: 10,
  handler: async ({ orderId }, ctx) => {
    await expireOrder(ctx, orderId);
  },
});

/**
 * Safety net: once a minute, expire any hold overdue by more than the grace period whose job
 * was lost (e.g. the queue was purged or a backup restored). The grace leaves the normal case
 * to the per-order job; expiring is idempotent with it either way.
 */
export const sweepHoldsJob = defineJob({
  name: HOLD_SWEEP_JOB,
  schema: z.object({}).passthrough(),
  cron: '* * * * *',
  retryLimit: 1,
  handler: async (_data, ctx) => {
    const r = await ctx.database.pool.query<{ id: string }>(
      `SELECT id FROM orders WHERE status = 'awaiting_payment' AND hold_expires_at <= now() - interval '2 minutes' ORDER BY hold_expires_at LIMIT 500`,
    );
    for (const { id } of r.rows) await expireOrder(ctx, id);
  },
});
