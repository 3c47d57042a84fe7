import { z } from 'zod';
import { defineJob } from '../../jobs/job.js';
import { DomainEventJobSchema } from '../outbox/outbox.service.js';
import type { AppContext } from '../../context.js';
import { SEND_BATCH, SEND_JOB } from './email-queue.js';
import { sendBatch } from './email-sender.js';
import { handleDomainEvent, resendToAttendees } from './notices.service.js';
import { reminderJob } from './reminders.js';

export const NOTIFY_JOB = 'notifications.on-domain-event';

/** Domain events that produce notices; the rest of the application never calls us directly. */
export const NOTIFY_EVENT_TYPES = [
  'order.completed',
  'order.cancelled',
  'order.refunded',
  'order.partially_refunded',
  'registration.registered',
  'conference.linked',
  'conference.changed',
  'event.published',
  'event.changed',
  'event.cancelled',
  'session.changed',
  'session.added',
  'session.removed',
];

export const notifyJob = defineJob({
  name: NOTIFY_JOB,
  schema: DomainEventJobSchema,
  retryLimit: 5,
  concurrency: 2,
  handler: (job, ctx) => handleDomainEvent(ctx, job),
});

export const sendEmailsJob = defineJob({
  name: SEND_JOB,
  schema: z.object({ emailIds: z.array(z.string()).min(1).max(500) }),
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 600,
  concurrency: 4,
  handler: async ({ emailIds }, ctx) => {
    const { retry } = await sendBatch(ctx, emailIds);
    // Only rows put back to `queued` are picked up again; sent ones are never claimed twice.
    if (retry) throw new Error(`${retry} e-mail(s) not accepted yet; retrying`);
  },
});

export const RESEND_EVENT_JOB = 'notifications.resend-event';

/** An organiser's event-wide resend; every run creates new e-mails (its own dedupe run id). */
export const resendEventJob = defineJob({
  name: RESEND_EVENT_JOB,
  schema: z.object({ organizationId: z.string(), eventId: z.string(), kind: z.enum(['ticket', 'join']) }),
  retryLimit: 2,
  expireInSeconds: 1800,
  handler: async (d, ctx) => {
    await resendToAttendees(ctx, d.organizationId, [], d.kind, { eventId: d.eventId });
  },
});

export const SWEEP_EMAILS_JOB = 'notifications.sweep-emails';

/**
 * Safety net for e-mails left `queued` without a live send job (its retries ran out on a
 * database error, or the queue was purged or restored from a backup): such rows older than
 * 15 minutes get a new send job. Claiming stays atomic (only `queued` rows are claimed), so a
 * row that still has its own job is never sent twice. Returns how many rows were picked up.
 */
export async function sweepEmails(ctx: AppContext, olderThanMinutes = 15): Promise<number> {
  const r = await ctx.database.pool.query<{ id: string }>(
    `SELECT id FROM emails WHERE status = 'queued' AND created_at < now() - make_interval(mins => $1) ORDER BY created_at, id LIMIT 5000`,
    [olderThanMinutes],
  );
  const ids = r.rows.map((x) => x.id);
  for (let i = 0; i < ids.length; i += SEND_BATCH) {
    const batch = ids.slice(i, i + SEND_BATCH);
    await ctx.queue.send(SEND_JOB, { emailIds: batch }, { singletonKey: `sweep:${batch[0]}` });
  }
  return ids.length;
}

export const sweepEmailsJob = defineJob({
  name: SWEEP_EMAILS_JOB,
  schema: z.object({}).passthrough(),
  cron: '*/5 * * * *',
  retryLimit: 1,
  handler: async (_data, ctx) => {
    await sweepEmails(ctx);
  },
});

export const notificationJobs = [notifyJob, sendEmailsJob, reminderJob, resendEventJob, sweepEmailsJob];
