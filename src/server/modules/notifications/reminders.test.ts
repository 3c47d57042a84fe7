import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';
import { REMINDER_JOB, runReminder } from './reminders.js';

/** Reminder jobs: scheduled per session × offset at publish, rescheduled by version on changes. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const scheduled = async (eventId: string) =>
  (await h.ctx.database.pool.query(`SELECT singleton_key, start_after, data FROM ${h.ctx.config.JOB_SCHEMA}.job WHERE name = $1 AND data->>'eventId' = $2 AND state = 'created' ORDER BY start_after`, [REMINDER_JOB, eventId])).rows as { singleton_key: string; start_after: Date; data: any }[];

async function until<T>(fn: () => Promise<T | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('reminders', () => {
  it('schedules 1 day and 1 hour before, reschedules when times change, and sends once per version', async () => {
    const ev = await buildPublishedEvent(h);
    const jobs = await until(async () => ((await scheduled(ev.event.id)).length === 2 ? scheduled(ev.event.id) : null));
    const start = new Date(ev.event.startsAt).getTime();
    expect(jobs.map((j) => start - new Date(j.start_after).getTime())).toEqual([86400_000, 3600_000]);
    expect(jobs.every((j) => j.data.version === 1)).toBe(true);

    const who = buildPerson();
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: who });
    const later = new Date(start + 2 * 86400_000);
    await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3600_000).toISOString() } });
    const v2 = await until(async () => {
      const l = (await scheduled(ev.event.id)).filter((j) => j.data.version === 2);
      return l.length === 2 ? l : null;
    });
    expect(v2.map((j) => later.getTime() - new Date(j.start_after).getTime())).toEqual([86400_000, 3600_000]);

    // A stale job wakes up and does nothing; the current one sends one reminder per attendee.
    const stale = jobs[0]!.data;
    await runReminder(h.ctx, stale);
    const mails = async () => (await h.call('GET', `/api/v1/emails?templateKey=reminder&eventId=${ev.event.id}&includeBody=true`, { token: ev.token })).json().data as any[];
    expect(await mails()).toHaveLength(0);
    await runReminder(h.ctx, v2[0]!.data);
    await runReminder(h.ctx, v2[0]!.data); // a retried job
    const sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toBe(who.email);
    expect(sent[0].subject).toBe(`Starting soon: ${ev.event.title}`);
  });

  it('takes the offsets configured for the event', async () => {
    const ev = await buildPublishedEvent(h);
    const put = await h.call('PUT', `/api/v1/events/${ev.event.id}/email-templates/reminder`, { token: ev.token, body: { reminderOffsetsMinutes: [30] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().reminderOffsetsMinutes).toEqual([30]);
    const jobs = await until(async () => ((await scheduled(ev.event.id)).some((j) => j.data.offsetMinutes === 30) ? scheduled(ev.event.id) : null));
    const thirty = jobs.find((j) => j.data.offsetMinutes === 30)!;
    // The default-offset jobs scheduled at publish are skipped when they wake.
    const day = jobs.find((j) => j.data.offsetMinutes === 1440);
    if (day) {
      await runReminder(h.ctx, day.data);
      expect((await h.call('GET', `/api/v1/emails?templateKey=reminder&eventId=${ev.event.id}`, { token: ev.token })).json().data).toHaveLength(0);
    }
    expect(new Date(ev.event.startsAt).getTime() - new Date(thirty.start_after).getTime()).toBe(30 * 60_000);
  });

  it('applies new organisation-wide offsets to upcoming events at once', async () => {
    const ev = await buildPublishedEvent(h);
    await until(async () => ((await scheduled(ev.event.id)).length === 2 ? true : null));
    const put = await h.call('PUT', '/api/v1/email-templates/reminder', { token: ev.token, body: { reminderOffsetsMinutes: [7 * 24 * 60, 15] } });
    expect(put.statusCode, put.body).toBe(200);
    const jobs = await scheduled(ev.event.id);
    const start = new Date(ev.event.startsAt).getTime();
    const offsets = jobs.map((j) => j.data.offsetMinutes);
    expect(offsets).toContain(15);
    expect(jobs.find((j) => j.data.offsetMinutes === 15)!.start_after.getTime()).toBe(start - 15 * 60_000);
    // A week before is already past for an event a few days out: not scheduled.
    if (start - 7 * 86400_000 <= Date.now()) expect(offsets).not.toContain(7 * 24 * 60);
    // The old 1-day job wakes up and sends nothing: that offset is gone.
    const day = jobs.find((j) => j.data.offsetMinutes === 1440)!;
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson() });
    await runReminder(h.ctx, day.data);
    expect((await h.call('GET', `/api/v1/emails?templateKey=reminder&eventId=${ev.event.id}`, { token: ev.token })).json().data).toHaveLength(0);
  });
});
