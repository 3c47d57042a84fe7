import { z } from 'zod';
import { defineJob } from '../../jobs/job.js';
import { DomainEventJobSchema } from '../outbox/outbox.service.js';
import { CANCEL_PROVIDER_PAYMENT_JOB, EXECUTE_REFUND_JOB, cancelProviderPayment, executeRefund } from './payments.service.js';

/** Sends a recorded refund to the provider (event cancellation, late payments, retries). */
export const executeRefundJob = defineJob({
  name: EXECUTE_REFUND_JOB,
  schema: z.object({ refundId: z.string() }),
  retryLimit: 8,
  retryDelaySeconds: 30,
  retryBackoff: true,
  handler: async ({ refundId }, ctx) => {
    const refusal = await executeRefund(ctx, refundId);
    if (refusal) ctx.log.warn({ refundId, reason: refusal.message }, 'provider refused the refund');
  },
});

/** Subscribed to order.expired / order.failed / order.cancelled: ends the provider-side checkout (Stripe session expire). */
export const cancelProviderPaymentJob = defineJob({
  name: CANCEL_PROVIDER_PAYMENT_JOB,
  schema: DomainEventJobSchema,
  retryLimit: 3,
  handler: async (e, ctx) => {
    if (e.payload.from !== 'awaiting_payment') return;
    await cancelProviderPayment(ctx, e.aggregateId);
  },
});
