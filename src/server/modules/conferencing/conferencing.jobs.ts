import { z } from 'zod';
import { defineJob } from '../../jobs/job.js';
import { transaction } from '../../db/transaction.js';
import { DomainEventJobSchema } from '../outbox/outbox.service.js';
import { addIntents, cancelIntents, SYNC_JOB, sweepStuckSyncs, syncConference } from './sync.service.js';
import { conferenceForNewSession, pushEventChanges, tearDownEvent } from './conferences.service.js';
import { reconcileAll } from './drift.service.js';

/** order.completed → every live attendee × every conference their ticket covers. */
export const registerOrderJob = defineJob({
  name: 'conferencing.register-order',
  schema: DomainEventJobSchema,
  retryLimit: 10,
  handler: async (e, ctx) => {
    await transaction(ctx.database.pool, (tx) => addIntents(ctx, tx, { orderId: e.aggregateId }));
  },
});

/** order.cancelled / order.refunded → cancel the order's registrations with the provider. */
export const cancelOrderJob = defineJob({
  name: 'conferencing.cancel-order',
  schema: DomainEventJobSchema,
  retryLimit: 10,
  handler: async (e, ctx) => {
    await transaction(ctx.database.pool, (tx) => cancelIntents(ctx, tx, { orderId: e.aggregateId }));
  },
});

/** attendee.cancelled → one attendee's registrations (partial cancellation). */
export const cancelAttendeeJob = defineJob({
  name: 'conferencing.cancel-attendee',
  schema: DomainEventJobSchema,
  retryLimit: 10,
  handler: async (e, ctx) => {
    await transaction(ctx.database.pool, (tx) => cancelIntents(ctx, tx, { attendeeId: e.aggregateId }));
  },
});

/** event.changed / session.changed → update every linked conference (title, time, duration). */
export const updateConferencesJob = defineJob({
  name: 'conferencing.update-conferences',
  schema: DomainEventJobSchema,
  retryLimit: 8,
  retryDelaySeconds: 10,
  handler: async (e, ctx) => {
    const sessionId = typeof e.payload.sessionId === 'string' ? e.payload.sessionId : undefined;
    await pushEventChanges(ctx, e.aggregateId, e.type.startsWith('session.') ? sessionId : undefined);
  },
});

/** event.cancelled → cancel registrations, delete generated conferences, leave linked ones. */
export const cancelEventJob = defineJob({
  name: 'conferencing.cancel-event',
  schema: DomainEventJobSchema,
  retryLimit: 10,
  handler: async (e, ctx) => {
    // session.removed tears down only that session's own conference.
    const sessionId = e.type === 'session.removed' && typeof e.payload.sessionId === 'string' ? e.payload.sessionId : undefined;
    if (e.type === 'session.removed' && !sessionId) return;
    await tearDownEvent(ctx, e.aggregateId, sessionId);
  },
});

/** session.added → a conference for the new day/slot when the event's conferences are per session. */
export const newSessionJob = defineJob({
  name: 'conferencing.new-session',
  schema: DomainEventJobSchema,
  retryLimit: 8,
  retryDelaySeconds: 10,
  handler: async (e, ctx) => {
    if (typeof e.payload.sessionId !== 'string') return;
    await conferenceForNewSession(ctx, e.organizationId, e.aggregateId, e.payload.sessionId, typeof e.payload.actorId === 'string' ? e.payload.actorId : null);
  },
});

/** Makes one conference's registrations at the provider match Foyer's intents. */
export const syncJob = defineJob({
  name: SYNC_JOB,
  schema: z.object({ conferenceId: z.string() }),
  retryLimit: 20,
  retryDelaySeconds: 2,
  expireInSeconds: 15 * 60,
  concurrency: 4,
  // `short`: one job per conference waits, but a new one may start while another is active.
  // With `stately` a waiting job whose key is active blocks the head of the whole queue in
  // pg-boss 10 (every other conference waits behind a long or dead sync); the sync leases its
  // rows instead, so concurrent jobs of one conference split the work (sync.service.ts).
  policy: 'short',
  handler: async ({ conferenceId }, ctx) => {
    await syncConference(ctx, conferenceId);
  },
});

/** Periodic reconciliation with the provider's registrant lists (SPEC 3.4). */
export const reconcileJob = defineJob({
  name: 'conferencing.reconcile',
  schema: z.object({ conferenceId: z.string().optional(), organizationId: z.string().optional() }).passthrough(),
  cron: '*/15 * * * *',
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async (data, ctx) => {
    // First re-queue syncs a dead worker left behind (its leased rows are free again by now).
    if (!data.conferenceId) await sweepStuckSyncs(ctx, data.organizationId);
    if (data.conferenceId || !data.organizationId) return reconcileAll(ctx, data.conferenceId);
    const r = await ctx.database.pool.query<{ id: string }>(`SELECT id FROM conferences WHERE organization_id = $1 AND status = 'active'`, [data.organizationId]);
    for (const c of r.rows) await reconcileAll(ctx, c.id);
  },
});

export const conferencingJobs = [newSessionJob, registerOrderJob, cancelOrderJob, cancelAttendeeJob, updateConferencesJob, cancelEventJob, syncJob, reconcileJob];
