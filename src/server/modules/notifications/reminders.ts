import { z } from 'zod';
import { and, eq, gt } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { events, sessions } from '../../db/schema/index.js';
import { defineJob } from '../../jobs/job.js';
import { listActiveSessions } from '../events/events.repo.js';
import type { EventRow } from './attendee-bundle.js';
import { Composer } from './composer.js';
import type { NewEmail } from './email-queue.js';
import { commit } from './notices.service.js';
import { eventRecipients } from './recipients.js';
import { formatRange } from './template-data.js';
import { effectiveTemplate } from './templates.service.js';

export const REMINDER_JOB = 'notifications.reminder';

/**
 * Schedules one reminder job per (session, offset) at `start − offset`, keyed by the event
 * version: when times change the event version moves on, new jobs are scheduled, and the old
 * ones find a stale version when they wake and do nothing. Past moments are skipped.
 */
export async function scheduleReminders(ctx: AppContext, event: EventRow): Promise<number> {
  const tpl = await effectiveTemplate(ctx.database.db, event.organizationId, event.id, 'reminder', 'en');
  if (!tpl.enabled || event.status !== 'published') return 0;
  const list = await listActiveSessions(ctx.database.db, event.organizationId, event.id);
  let n = 0;
  for (const s of list) {
    for (const offset of tpl.offsetsMinutes) {
      const at = new Date(s.startsAt.getTime() - offset * 60_000);
      if (at.getTime() <= Date.now()) continue;
      await ctx.queue.send(REMINDER_JOB, { eventId: event.id, organizationId: event.organizationId, sessionId: s.id, offsetMinutes: offset, version: event.version }, {
        singletonKey: `reminder:${s.id}:${offset}:v${event.version}`,
        startAfter: at,
      });
      n++;
    }
  }
  return n;
}

/** After the organisation's reminder template changed: every upcoming published event. */
export async function rescheduleOrganizationReminders(ctx: AppContext, organizationId: string): Promise<number> {
  const list = await ctx.database.db.select().from(events).where(and(eq(events.organizationId, organizationId), eq(events.status, 'published'), gt(events.endsAt, new Date())));
  let n = 0;
  for (const e of list) n += await scheduleReminders(ctx, e);
  return n;
}

const ReminderSchema = z.object({ eventId: z.string(), organizationId: z.string(), sessionId: z.string(), offsetMinutes: z.number().int(), version: z.number().int() });

export async function runReminder(ctx: AppContext, data: z.infer<typeof ReminderSchema>) {
  const { db } = ctx.database;
  const [event] = await db.select().from(events).where(and(eq(events.id, data.eventId), eq(events.organizationId, data.organizationId)));
  if (!event || event.status !== 'published' || event.version !== data.version) return;
  const [session] = await db.select().from(sessions).where(eq(sessions.id, data.sessionId));
  if (!session || session.status !== 'active') return;
  const tpl = await effectiveTemplate(db, event.organizationId, event.id, 'reminder', 'en');
  if (!tpl.enabled || !tpl.offsetsMinutes.includes(data.offsetMinutes)) return;
  const list = await eventRecipients(db, event, 'active', { sessionId: session.id });
  const composer = new Composer(ctx);
  await composer.preloadJoins(list.map((b) => b.attendee.id));
  const out: NewEmail[] = [];
  for (const b of list) {
    const locale = b.order.locale;
    out.push(...(await composer.compose(b, 'reminder', {
      dedupeKey: `reminder:${b.attendee.id}:${session.id}:${data.offsetMinutes}:v${data.version}`,
      extra: { session: { when: formatRange(session.startsAt, session.endsAt, event.timeZone, locale), startsAt: session.startsAt.toISOString() } },
    })));
  }
  await commit(ctx, out);
}

export const reminderJob = defineJob({ name: REMINDER_JOB, schema: ReminderSchema, retryLimit: 5, handler: (data, ctx) => runReminder(ctx, data) });
