import { defineJob } from '../../jobs/job.js';
import { DomainEventJobSchema } from '../outbox/outbox.service.js';
import { recordDomainEvent } from './audit.service.js';

export const AUDIT_RECORD_JOB = 'audit.record';

/** Subscribed to every domain event ('*') in subscriptions.ts. */
export const auditRecordJob = defineJob({
  name: AUDIT_RECORD_JOB,
  schema: DomainEventJobSchema,
  retryLimit: 10,
  concurrency: 2,
  handler: async (job, ctx) => {
    await recordDomainEvent(ctx, job.eventId);
  },
});
