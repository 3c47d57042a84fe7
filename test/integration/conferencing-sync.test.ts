import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildEvent, buildOrganization, buildPerson, buildPublishedEvent, buildTicketType, placeOrder } from '../factories.js';
import { DEFAULT_ACCOUNT, startZoomEmulator, type ZoomEmulator } from '../emulators/zoom/zoom-emulator.js';
import { jobs } from '../../src/server/jobs/registry.js';

/**
 * The registration sync engine against the Zoom emulator: a worker killed mid-call, Retry-After
 * and Zoom's rate-limit categories, batch vs single adds, re-registration of a cancelled e-mail,
 * duplicates refused before payment, custom-link edits and the periodic reconciliation job.
 */
let h: Harness;
let zoom: ZoomEmulator;
/** A staff member's own Zoom account (another Zoom account in the same emulator). */
const STAFF_ACCOUNT = {
  accountId: 'staff-zoom-account', clientId: 'staff-client-id', clientSecret: 'staff-client-secret', plan: 'pro' as const,
  users: [{ id: 'tutor-user-id', email: 'tutor@example.net', first_name: 'Tomasz', last_name: 'Tutor', type: 2, webinarCapacity: 100 }],
};

beforeAll(async () => {
  zoom = await startZoomEmulator({ accounts: [DEFAULT_ACCOUNT, STAFF_ACCOUNT], rateLimits: { perSecond: { Light: 30, Medium: 20, Heavy: 10 } } });
  h = await startHarness({ env: { ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  await h?.close();
  await zoom?.close();
});

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

const orgOf = async (x: Harness, eventId: string) => (await x.ctx.database.pool.query<{ organization_id: string }>(`SELECT organization_id FROM events WHERE id = $1`, [eventId])).rows[0]!.organization_id;
const regs = (x: Harness, token: string, eventId: string) => x.call('GET', `/api/v1/events/${eventId}/registrations`, { token }).then((r) => r.json());
const approved = (conferenceId: string) => [...zoom.state.registrants.values()].filter((r) => String(r.conferenceId) === conferenceId && r.status === 'approved');
const logOf = (endpoint: string, conferenceId: string) => zoom.state.requestLog.filter((e) => e.endpoint === endpoint && e.path.includes(`/${conferenceId}/`));

async function connectZoom(x: Harness, token: string) {
  const res = await x.call('PUT', '/api/v1/integrations/zoom', { token, body: zoom.credentials });
  expect(res.statusCode, res.body).toBe(200);
}

async function order(x: Harness, slug: string, ticketTypeId: string, people: ReturnType<typeof buildPerson>[]) {
  const res = await placeOrder(x, slug, { items: [{ ticketTypeId, quantity: people.length }], buyer: people[0], attendees: people, paymentMethod: 'free' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** An in-person event with `n` completed attendees (orders of up to 10), converted to hybrid. */
async function physicalEventWithAttendees(x: Harness, n: number) {
  const a = await buildPublishedEvent(x, { event: { format: 'in_person', venue: 'Hall B' } });
  await connectZoom(x, a.token);
  const people = Array.from({ length: n }, () => buildPerson());
  for (let i = 0; i < n; i += 10) await order(x, a.event.slug, a.ticketType.id, people.slice(i, i + 10));
  const patch = await x.call('PATCH', `/api/v1/events/${a.event.id}`, { token: a.token, body: { format: 'hybrid' } });
  expect(patch.statusCode, patch.body).toBe(200);
  return { ...a, people };
}

describe('a worker killed mid-sync', () => {
  it('leaves its rows leased; another process takes them over, registers nobody twice and is never blocked by the dead job', async () => {
    // Two "processes" on one database and one job queue: the victim runs the sync and dies in the
    // middle of a batch call that Zoom has already applied; the survivor starts afterwards.
    const env = { ZOOM_OAUTH_URL: zoom.url, JOB_SCHEMA: `pgboss_k${randomBytes(5).toString('hex')}`, SYNC_LEASE_SECONDS: '3' };
    const victim = await startHarness({ env: { ...env, ZOOM_TIMEOUT_MS: '120000' } });
    let survivor: Harness | null = null;
    try {
      const a = await physicalEventWithAttendees(victim, 40);
      zoom.setFault({ kind: 'commit-then-hang', method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 1 });
      const put = await victim.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar' } });
      expect(put.statusCode, put.body).toBe(200);
      const conf = put.json().data[0];
      // Zoom holds all 40 (the hung batch of 30 took effect); Foyer recorded only the other 10.
      await until(async () => approved(conf.externalId).length, (n) => n === 40);
      const mid = await until(() => regs(victim, a.token, a.event.id), (r) => r.summary.registered === 10);
      expect(mid.summary).toMatchObject({ registered: 10, pending: 30 });
      expect(approved(conf.externalId)).toHaveLength(40);

      // Kill: the victim's workers stop for good; its sync job stays `active` in pg-boss and its
      // call never returns, exactly what a SIGKILL leaves behind.
      for (const j of jobs) await victim.ctx.queue.boss.offWork(j.name);
      const active = await victim.ctx.database.pool.query(`SELECT 1 FROM ${env.JOB_SCHEMA}.job WHERE name = 'conferencing.sync' AND state = 'active' AND singleton_key = $1`, [conf.id]);
      expect(active.rowCount).toBe(1);

      // Its 30 rows stay leased until the lease (3 s here) ends; a lease over by more than its own
      // length counts as stuck.
      const stuck = async () => (await victim.ctx.database.pool.query(
        `SELECT 1 FROM registrations WHERE conference_id = $1 AND status = 'pending' AND next_attempt_at < now() - interval '3 seconds'`, [conf.id])).rowCount;
      expect(await until(stuck, (n) => n === 30)).toBe(30);

      survivor = await startHarness({ env: { ...env, ZOOM_TIMEOUT_MS: '2000' } });
      // The periodic reconciliation sweeps stuck syncs: it queues a new job for the conference
      // while the dead one is still active …
      await survivor.ctx.queue.send('conferencing.reconcile', { organizationId: await orgOf(survivor, a.event.id) });
      // … and a sale for another event goes through at once (the dead job blocks nothing).
      const b = await buildPublishedEvent(survivor, { token: a.token });
      const putB = await survivor.call('PUT', `/api/v1/events/${b.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } });
      expect(putB.statusCode, putB.body).toBe(200);
      await order(survivor, b.event.slug, b.ticketType.id, [buildPerson()]);
      const other = await until(() => regs(survivor!, a.token, b.event.id), (r) => r.summary.registered === 1);
      expect(other.summary.registered).toBe(1);

      // The dead worker's 30 rows are taken over once its lease ends: re-adding those e-mails
      // returns Zoom's existing registrants, so nobody is registered twice and nobody is lost.
      const done = await until(() => regs(survivor!, a.token, a.event.id), (r) => r.summary.registered === 40);
      expect(done.summary).toMatchObject({ registered: 40, pending: 0, failed: 0 });
      const inZoom = approved(conf.externalId);
      expect(inZoom).toHaveLength(40);
      expect(new Set(inZoom.map((r) => r.email)).size).toBe(40);
      const zoomIdByEmail = new Map(inZoom.map((r) => [r.email, r.id]));
      for (const r of done.data) expect(r.providerRegistrantId).toBe(zoomIdByEmail.get(r.email));
      // Batches never exceed Zoom's 30.
      for (const e of logOf('POST /webinars/{webinarId}/batch_registrants', conf.externalId)) expect((e.requestBody as { registrants: unknown[] }).registrants.length).toBeLessThanOrEqual(30);
    } finally {
      await survivor?.close();
      await victim.close();
      zoom.clearFaults();
    }
  });
});

describe('rate limits', () => {
  it('waits Retry-After seconds after a per-second 429 before calling again', async () => {
    const a = await physicalEventWithAttendees(h, 20);
    zoom.setFault({ kind: 'rate-limit', method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 1, retryAfter: 2, category: 'Heavy' });
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar' } })).json().data[0];
    const r = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 20);
    expect(r.summary).toMatchObject({ registered: 20, failed: 0 });
    const calls = logOf('POST /webinars/{webinarId}/batch_registrants', conf.externalId);
    expect(calls.map((c) => c.status)).toEqual([429, 201]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1900);
    expect(approved(conf.externalId)).toHaveLength(20);
  });

  it('a long Retry-After (daily limit, ISO date) reschedules the job instead of waiting, and the retry button runs at once', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(h, a.token);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const until60 = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    zoom.setFault({ kind: 'rate-limit', limitType: 'Daily-limit', category: 'Light', retryAfter: until60, method: 'POST', path: '/meetings/{meetingId}/registrants', times: 1 });
    const p = buildPerson();
    await order(h, a.event.slug, a.ticketType.id, [p]);
    const waiting = await until(() => regs(h, a.token, a.event.id), (x) => (x.data[0]?.lastError ?? '').includes('waiting until'));
    expect(waiting.data[0]).toMatchObject({ status: 'pending' });
    expect(waiting.data[0].lastError).toContain(until60.slice(0, 16));
    // The job is queued for the Retry-After time; nothing is sent to Zoom meanwhile.
    const queued = await h.ctx.database.pool.query<{ start_after: Date }>(
      `SELECT start_after FROM ${h.ctx.config.JOB_SCHEMA}.job WHERE name = 'conferencing.sync' AND state = 'created' AND singleton_key LIKE $1`, [`${conf.id}@%`]);
    expect(queued.rows.some((j) => j.start_after.getTime() >= Date.parse(until60) - 1000)).toBe(true);
    expect(logOf('POST /meetings/{meetingId}/registrants', conf.externalId)).toHaveLength(1);
    // The organiser's retry does not wait behind the delayed job.
    const retry = await h.call('POST', `/api/v1/events/${a.event.id}/registrations/retry`, { token: a.token, body: { registrationIds: [waiting.data[0].id] } });
    expect(retry.json().retried).toBe(1);
    const r = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 1);
    expect(r.summary.registered).toBe(1);
    expect(approved(conf.externalId).filter((x) => x.email === p.email)).toHaveLength(1);
  });

  it("honours Zoom's categories: a Heavy daily-quota 429 on batch add falls back to Light single adds", async () => {
    const a = await physicalEventWithAttendees(h, 40);
    zoom.setFault({ kind: 'rate-limit', limitType: 'Daily-limit', category: 'Heavy', method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 1 });
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar' } })).json().data[0];
    const r = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 40);
    expect(r.summary).toMatchObject({ registered: 40, failed: 0 });
    // Two lanes start a batch each (30 + 10); the one refused for the day goes one by one and
    // no batch is tried again.
    const batch = logOf('POST /webinars/{webinarId}/batch_registrants', conf.externalId);
    expect(batch.filter((c) => c.status === 429)).toHaveLength(1);
    expect(batch.length).toBeLessThanOrEqual(2);
    const singles = logOf('POST /webinars/{webinarId}/registrants', conf.externalId).filter((c) => c.status === 201).length;
    expect(singles + 30 * (batch.length - 1)).toBeGreaterThanOrEqual(40);
    expect(singles).toBeGreaterThanOrEqual(10);
    expect(approved(conf.externalId)).toHaveLength(40);
  });
});

describe('batch or single adds', () => {
  it('a batch Zoom refuses outright is retried one by one, so only a bad registrant would fail', async () => {
    const a = await physicalEventWithAttendees(h, 12);
    zoom.setFault({ kind: 'error', status: 400, body: { code: 300, message: 'Invalid field.' }, method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 1 });
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar' } })).json().data[0];
    const r = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 12);
    expect(r.summary).toMatchObject({ registered: 12, failed: 0 });
    expect(logOf('POST /webinars/{webinarId}/batch_registrants', conf.externalId).map((c) => c.status)).toEqual([400]);
    expect(logOf('POST /webinars/{webinarId}/registrants', conf.externalId).filter((c) => c.status === 201)).toHaveLength(12);
    expect(approved(conf.externalId)).toHaveLength(12);
  });

  it('uses single adds for a recurring meeting (Zoom batches only type 2/5), one registrant per e-mail', async () => {
    const org = await buildOrganization(h);
    await connectZoom(h, org.token);
    const start = new Date(Date.now() + 12 * 86400_000);
    start.setUTCHours(8, 0, 0, 0);
    const days = [0, 1, 2].map((d) => ({ startsAt: new Date(start.getTime() + d * 86400_000).toISOString(), endsAt: new Date(start.getTime() + d * 86400_000 + 3600_000).toISOString() }));
    const ev = await buildEvent(h, org.token, { kind: 'multi_day', sessions: days, startsAt: days[0]!.startsAt, endsAt: days[2]!.endsAt });
    const tt = await buildTicketType(h, org.token, ev.id);
    await h.call('POST', `/api/v1/events/${ev.id}/publish`, { token: org.token });
    const conf = (await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting', layout: 'single' } })).json().data[0];
    expect(conf.batchAllowed).toBe(false);
    const people = [buildPerson(), buildPerson(), buildPerson()];
    await order(h, ev.slug, tt.id, people);
    const r = await until(() => regs(h, org.token, ev.id), (x) => x.summary.registered === 3);
    expect(r.summary.registered).toBe(3);
    expect(logOf('POST /meetings/{meetingId}/batch_registrants', conf.externalId)).toHaveLength(0);
    expect(logOf('POST /meetings/{meetingId}/registrants', conf.externalId)).toHaveLength(3);
    expect(approved(conf.externalId)).toHaveLength(3);
  });
});

describe('registrant e-mail rules', () => {
  it('a cancelled e-mail is registered again by a new order; the same Zoom meeting linked to another event refuses it before payment', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(h, a.token);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const p = buildPerson();
    await order(h, a.event.slug, a.ticketType.id, [p]);
    const first = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 1);
    const zoomId = first.data[0].providerRegistrantId;

    // The same meeting linked to a second event: the e-mail holds an active registration for it.
    const b = await buildPublishedEvent(h, { token: a.token });
    const link = await h.call('PUT', `/api/v1/events/${b.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'link', kind: 'meeting', meetingId: conf.externalId } });
    expect(link.statusCode, link.body).toBe(200);
    const dup = await placeOrder(h, b.event.slug, { items: [{ ticketTypeId: b.ticketType.id, quantity: 1 }], buyer: p, attendees: [p], paymentMethod: 'free' });
    expect(dup.statusCode, dup.body).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'duplicate_registrant', details: { fields: [{ field: 'attendees.0.email' }] } });
    const none = await h.ctx.database.pool.query(`SELECT 1 FROM orders WHERE event_id = $1 AND buyer_email = $2`, [b.event.id, p.email]);
    expect(none.rowCount).toBe(0);

    // Cancelled → cancelled at Zoom; a new order with the same e-mail registers it again.
    const cancel = await h.call('POST', `/api/v1/attendees/${first.data[0].attendeeId}/cancel`, { token: a.token, body: {} });
    expect(cancel.statusCode, cancel.body).toBeLessThan(300);
    await until(() => regs(h, a.token, a.event.id), (x) => x.summary.cancelled === 1 && x.summary.cancel_pending === 0);
    expect(approved(conf.externalId).filter((x) => x.email === p.email)).toHaveLength(0);
    await order(h, a.event.slug, a.ticketType.id, [p]);
    const again = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 1);
    expect(again.summary).toMatchObject({ registered: 1, cancelled: 1 });
    const live = again.data.find((x: any) => x.status === 'registered');
    expect(live.attendeeId).not.toBe(first.data[0].attendeeId);
    expect(approved(conf.externalId).filter((x) => x.email === p.email)).toHaveLength(1);
    expect(live.providerRegistrantId).toBe(zoomId); // Zoom re-activates the same registrant
  });
});

describe('custom links and reconciliation', () => {
  it("editing the organisation's custom link moves every session of every event that uses it", async () => {
    const org = await buildOrganization(h);
    const set = await h.call('PUT', '/api/v1/conferencing/default', { token: org.token, body: { provider: 'custom_link', url: 'https://meet.google.com/aaa-bbbb-ccc', password: 'one' } });
    expect(set.statusCode, set.body).toBe(200);
    const events = [await buildPublishedEvent(h, { token: org.token }), await buildPublishedEvent(h, { token: org.token })];
    for (const e of events) {
      const put = await h.call('PUT', `/api/v1/events/${e.event.id}/conference`, { token: org.token, body: { mode: 'link' } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().data[0]).toMatchObject({ provider: 'custom_link', joinUrl: 'https://meet.google.com/aaa-bbbb-ccc' });
      await order(h, e.event.slug, e.ticketType.id, [buildPerson()]);
      await until(() => regs(h, org.token, e.event.id), (x) => x.summary.registered === 1);
    }
    const edit = await h.call('PUT', '/api/v1/conferencing/default', { token: org.token, body: { provider: 'custom_link', url: 'https://teams.example.com/l/new', password: 'two' } });
    expect(edit.statusCode, edit.body).toBe(200);
    for (const e of events) {
      const confs = (await h.call('GET', `/api/v1/events/${e.event.id}/conferences`, { token: org.token })).json().data;
      expect(confs[0]).toMatchObject({ joinUrl: 'https://teams.example.com/l/new', passcode: 'two' });
      expect((await regs(h, org.token, e.event.id)).data[0].joinUrl).toBe('https://teams.example.com/l/new');
    }
    const changed = await h.ctx.database.pool.query(`SELECT 1 FROM domain_events WHERE type = 'conference.changed' AND organization_id = $1`, [org.organization.id]);
    expect(changed.rowCount).toBe(2);
  });

  it('the periodic reconciliation job reports a registrant cancelled in Zoom without a webhook', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(h, a.token);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const p = buildPerson();
    await order(h, a.event.slug, a.ticketType.id, [p]);
    await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 1);
    zoom.portal.cancelRegistrant(Number(conf.externalId), p.email);
    await h.ctx.queue.send('conferencing.reconcile', { organizationId: await orgOf(h, a.event.id) });
    const drift = await until(async () => (await h.call('GET', `/api/v1/events/${a.event.id}/drift`, { token: a.token })).json().data, (d: any[]) => d.length > 0);
    expect(drift).toEqual([expect.objectContaining({ kind: 'registrant_missing', email: p.email, status: 'open', source: 'reconciliation' })]);
    const repair = await h.call('POST', `/api/v1/events/${a.event.id}/drift/repair`, { token: a.token, body: {} });
    expect(repair.json().results[0].outcome).toBe('repaired');
    await until(async () => approved(conf.externalId).filter((x) => x.email === p.email).length, (n) => n === 1);
    expect(approved(conf.externalId).filter((x) => x.email === p.email)).toHaveLength(1);
  });
});

describe('registrant limits cap ticket sales', () => {
  it("a webinar is capped by its host's licence tier, or a lower limit; sales beyond it are refused before payment", async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(h, a.token);
    // host@example.com holds a 500-registrant webinar licence.
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar', hostId: 'host@example.com' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().data[0].registrantLimit).toBe(500);
    expect((await h.call('GET', `/api/v1/events/${a.event.id}`, { token: a.token })).json().capacity).toBe(500);

    // An existing webinar restricted to 2 registrants, linked: two tickets sell, the third does not.
    const b = await buildPublishedEvent(h, { token: a.token });
    const existing = zoom.portal.createConference('owner@example.com', 'webinar', { topic: 'Small', type: 5, start_time: '2030-02-01T10:00:00Z', duration: 60, settings: { approval_type: 0, registrants_restrict_number: 2 } });
    const link = await h.call('PUT', `/api/v1/events/${b.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'link', kind: 'webinar', meetingId: String(existing.id) } });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json().data[0]).toMatchObject({ registrantLimit: 2, registrationEnabled: true });
    await order(h, b.event.slug, b.ticketType.id, [buildPerson(), buildPerson()]);
    const third = buildPerson();
    const refused = await placeOrder(h, b.event.slug, { items: [{ ticketTypeId: b.ticketType.id, quantity: 1 }], buyer: third, attendees: [third], paymentMethod: 'free' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('sold_out');
    await until(() => regs(h, a.token, b.event.id), (x) => x.summary.registered === 2);
    expect(approved(String(existing.id))).toHaveLength(2);

    // A conference smaller than what is already sold cannot be linked.
    const c = await buildPublishedEvent(h, { token: a.token });
    await order(h, c.event.slug, c.ticketType.id, [buildPerson(), buildPerson(), buildPerson()]);
    const tooSmall = await h.call('PUT', `/api/v1/events/${c.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar', registrantLimit: 2 } });
    expect(tooSmall.statusCode, tooSmall.body).toBe(409);
    expect(tooSmall.json().error.code).toBe('registrant_limit_below_sold');
  });
});

describe('hosts, settings and linked conferences', () => {
  it('lists the chosen hosts’ meetings, generates for the chosen host with the organiser’s settings, and keeps linked meetings in step', async () => {
    const org = await buildOrganization(h);
    const saved = await h.call('PUT', '/api/v1/integrations/zoom', { token: org.token, body: { ...zoom.credentials, visibleHostIds: ['host@example.com'], generateHostId: 'host@example.com' } });
    expect(saved.json()).toMatchObject({ visibleHostIds: ['host@example.com'], generateHostId: 'host@example.com' });
    const users = (await h.call('GET', '/api/v1/integrations/zoom/users', { token: org.token })).json().data;
    expect(users.find((u: any) => u.email === 'host@example.com')).toMatchObject({ visible: true, generateHost: true, licensed: true });
    expect(users.find((u: any) => u.email === 'owner@example.com')).toMatchObject({ visible: false, generateHost: false });

    const series = zoom.portal.createConference('host@example.com', 'meeting', {
      topic: 'Weekly clinic', type: 8, start_time: '2030-03-04T09:00:00Z', duration: 45, timezone: 'UTC',
      recurrence: { type: 2, repeat_interval: 1, weekly_days: '2', end_times: 4 }, settings: { approval_type: 0 },
    });
    const ownerOnly = zoom.portal.createConference('owner@example.com', 'meeting', { topic: 'Not listed', type: 2, start_time: '2030-03-04T09:00:00Z', duration: 30 });
    const list = (await h.call('GET', '/api/v1/integrations/zoom/meetings?kind=meeting', { token: org.token })).json().data;
    expect(list.find((m: any) => m.id === String(series.id))).toMatchObject({ topic: 'Weekly clinic', durationMinutes: 45, recurring: true, registrationEnabled: true, hostId: 'host@example.com' });
    expect(list.find((m: any) => m.id === String(ownerOnly.id))).toBeUndefined();

    // Generated without a hostId: the chosen host, with the meeting settings of SPEC 3.3.
    const a = await buildPublishedEvent(h, { token: org.token });
    const gen = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, {
      token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting', settings: { waitingRoom: true, joinBeforeHost: false, participantVideo: true, muteUponEntry: true } },
    });
    expect(gen.statusCode, gen.body).toBe(200);
    expect(gen.json().data[0].hostEmail).toBe('host@example.com');
    const m = zoom.state.meetings.get(Number(gen.json().data[0].externalId))!;
    expect(m.settings).toMatchObject({ waiting_room: true, join_before_host: false, participant_video: true, mute_upon_entry: true, approval_type: 0 });
    const web = await buildPublishedEvent(h, { token: org.token });
    const genW = await h.call('PUT', `/api/v1/events/${web.event.id}/conference`, {
      token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar', settings: { allowMultipleDevices: true, panelistsVideo: true, questionAndAnswer: true, onDemand: true, practiceSession: true, autoRecording: 'cloud' } },
    });
    expect(genW.statusCode, genW.body).toBe(200);
    const w = zoom.state.webinars.get(Number(genW.json().data[0].externalId))!;
    expect(w.settings).toMatchObject({ allow_multiple_devices: true, panelists_video: true, question_and_answer: { enable: true }, on_demand: true, practice_session: true, auto_recording: 'cloud', approval_type: 0 });

    // A linked meeting follows the event's title and time too, and survives the event's cancellation
    // (its registrants are cancelled with Zoom).
    const linked = zoom.portal.createConference('host@example.com', 'meeting', { topic: 'Linked', type: 2, start_time: '2030-05-01T10:00:00Z', duration: 30, settings: { approval_type: 0 } });
    const b = await buildPublishedEvent(h, { token: org.token });
    expect((await h.call('PUT', `/api/v1/events/${b.event.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'link', kind: 'meeting', meetingId: String(linked.id) } })).statusCode).toBe(200);
    const p = buildPerson();
    await order(h, b.event.slug, b.ticketType.id, [p]);
    await until(() => regs(h, org.token, b.event.id), (x) => x.summary.registered === 1);
    const startsAt = new Date(Date.parse(b.event.startsAt) + 86400_000);
    const patch = await h.call('PATCH', `/api/v1/events/${b.event.id}`, { token: org.token, body: { title: 'Moved', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString() } });
    expect(patch.statusCode, patch.body).toBe(200);
    const moved = await until(async () => zoom.state.meetings.get(linked.id)!, (x) => x.topic === 'Moved' && x.duration === 60);
    expect(moved).toMatchObject({ topic: 'Moved', duration: 60 });
    expect(Date.parse(moved.start_time!)).toBe(startsAt.getTime());
    await h.call('POST', `/api/v1/events/${b.event.id}/cancel`, { token: org.token, body: {} });
    await until(async () => approved(String(linked.id)).length, (n) => n === 0);
    expect(approved(String(linked.id))).toHaveLength(0);
    expect(zoom.state.meetings.has(linked.id)).toBe(true);
  });

  it('registers only completed orders (not on hold), and an order cancelled later is cancelled with Zoom', async () => {
    const a = await buildPublishedEvent(h, { event: { paymentMethods: ['manual'] }, ticket: { price: { amount: 5000, currency: 'PLN' } } });
    await connectZoom(h, a.token);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const people = [buildPerson(), buildPerson()];
    const placed = await placeOrder(h, a.event.slug, { items: [{ ticketTypeId: a.ticketType.id, quantity: 2 }], buyer: people[0], attendees: people, paymentMethod: 'manual' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order.status).toBe('on_hold');
    const orderId = placed.json().order.id;
    // On hold: nothing registered, nothing sent to Zoom.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await regs(h, a.token, a.event.id)).data).toHaveLength(0);
    expect(logOf('POST /meetings/{meetingId}/registrants', conf.externalId)).toHaveLength(0);
    const confirm = await h.call('POST', `/api/v1/orders/${orderId}/confirm`, { token: a.token, body: {} });
    expect(confirm.statusCode, confirm.body).toBe(200);
    await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 2);
    expect(approved(conf.externalId)).toHaveLength(2);
    const cancel = await h.call('POST', `/api/v1/orders/${orderId}/cancel`, { token: a.token, body: {} });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const r = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.cancelled === 2);
    expect(r.summary).toMatchObject({ cancelled: 2, registered: 0 });
    expect(approved(conf.externalId)).toHaveLength(0);
  });
});

describe('who sends the join link', () => {
  it("the organisation's choice reaches the conference: Zoom's confirmation e-mail on (zoom) or off (foyer, the default)", async () => {
    for (const sender of ['zoom', 'foyer'] as const) {
      const a = await buildPublishedEvent(h);
      const saved = await h.call('PUT', '/api/v1/integrations/zoom', { token: a.token, body: { ...zoom.credentials, ...(sender === 'zoom' ? { joinLinkSender: 'zoom' } : {}) } });
      expect(saved.json().joinLinkSender).toBe(sender);
      const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
      expect(conf.settings.joinLinkSender).toBe(sender);
      expect(zoom.state.meetings.get(Number(conf.externalId))!.settings.registrants_confirmation_email).toBe(sender === 'zoom');
      await order(h, a.event.slug, a.ticketType.id, [buildPerson(), buildPerson()]);
      await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 2);
      const batch = logOf('POST /meetings/{meetingId}/batch_registrants', conf.externalId);
      expect(batch).toHaveLength(1);
      expect((batch[0]!.requestBody as { registrants_confirmation_email: boolean }).registrants_confirmation_email).toBe(sender === 'zoom');
    }
  });
});

describe('a session without a link', () => {
  it('gets one later: its existing attendees are registered with it; removing it cancels them', async () => {
    const org = await buildOrganization(h);
    const start = new Date(Date.now() + 5 * 86400_000);
    start.setUTCHours(10, 0, 0, 0);
    const slots = [0, 1].map((k) => ({ startsAt: new Date(start.getTime() + k * 3600_000).toISOString(), endsAt: new Date(start.getTime() + k * 3600_000 + 1800_000).toISOString(), capacity: 3 }));
    const ev = await buildEvent(h, org.token, { kind: 'bookable', sessions: slots });
    const tt = await buildTicketType(h, org.token, ev.id);
    await h.call('POST', `/api/v1/events/${ev.id}/publish`, { token: org.token });
    const [s1, s2] = ev.sessions;
    const first = await h.call('PUT', `/api/v1/events/${ev.id}/sessions/${s1.id}/conference`, { token: org.token, body: { provider: 'custom_link', mode: 'link', url: 'https://meet.example.com/slot-1' } });
    expect(first.statusCode, first.body).toBe(200);
    const p = buildPerson();
    const placed = await placeOrder(h, ev.slug, { items: [{ ticketTypeId: tt.id, quantity: 1, sessionId: s2.id }], buyer: p, attendees: [p], paymentMethod: 'free' });
    expect(placed.statusCode, placed.body).toBe(201);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await regs(h, org.token, ev.id)).data).toHaveLength(0); // slot 2 is offline so far

    const later = await h.call('PUT', `/api/v1/events/${ev.id}/sessions/${s2.id}/conference`, { token: org.token, body: { provider: 'jitsi', mode: 'generate' } });
    expect(later.statusCode, later.body).toBe(200);
    const r = await until(() => regs(h, org.token, ev.id), (x) => x.summary.registered === 1);
    expect(r.data[0]).toMatchObject({ sessionId: s2.id, email: p.email, joinUrl: later.json().joinUrl, provider: 'jitsi' });

    expect((await h.call('DELETE', `/api/v1/events/${ev.id}/sessions/${s2.id}/conference`, { token: org.token })).statusCode).toBe(204);
    const gone = await until(() => regs(h, org.token, ev.id), (x) => x.summary.cancelled === 1);
    expect(gone.summary).toMatchObject({ cancelled: 1, registered: 0 });
    const confs = (await h.call('GET', `/api/v1/events/${ev.id}/conferences`, { token: org.token })).json().data;
    expect(confs.map((c: any) => c.sessionId)).toEqual([s1.id]);
  });
});

describe("a staff member's own Zoom account", () => {
  it('hosts their slots in their account (their own user as host), while other slots use the organisation’s', async () => {
    const org = await buildOrganization(h);
    const saved = await h.call('PUT', '/api/v1/integrations/zoom', { token: org.token, body: { ...zoom.credentials, generateHostId: 'host@example.com' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await h.call('PUT', '/api/v1/conferencing/default', { token: org.token, body: { provider: 'zoom' } })).statusCode).toBe(200);
    const member = (await h.call('GET', '/api/v1/members', { token: org.token })).json().data[0];
    const own = await h.call('PUT', `/api/v1/members/${member.id}/conferencing`, {
      token: org.token, body: { provider: 'zoom', zoom: { accountId: STAFF_ACCOUNT.accountId, clientId: STAFF_ACCOUNT.clientId, clientSecret: STAFF_ACCOUNT.clientSecret } },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.body).not.toContain(STAFF_ACCOUNT.clientSecret);
    const start = new Date(Date.now() + 6 * 86400_000);
    start.setUTCHours(9, 0, 0, 0);
    const ev = await buildEvent(h, org.token, { kind: 'bookable', sessions: [
      { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1800_000).toISOString(), staffMemberId: member.id },
      { startsAt: new Date(start.getTime() + 3600_000).toISOString(), endsAt: new Date(start.getTime() + 5400_000).toISOString() },
    ] });
    const tt = await buildTicketType(h, org.token, ev.id);
    await h.call('POST', `/api/v1/events/${ev.id}/publish`, { token: org.token });
    const put = await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { mode: 'generate', kind: 'meeting' } });
    expect(put.statusCode, put.body).toBe(200);
    const [staffSlot, orgSlot] = put.json().data;
    expect(staffSlot).toMatchObject({ provider: 'zoom', hostEmail: 'tutor@example.net' });
    expect(orgSlot).toMatchObject({ provider: 'zoom', hostEmail: 'host@example.com' });
    expect(zoom.state.meetings.get(Number(staffSlot.externalId))!.accountId).toBe(STAFF_ACCOUNT.accountId);
    expect(zoom.state.meetings.get(Number(orgSlot.externalId))!.accountId).toBe(DEFAULT_ACCOUNT.accountId);
    const p = buildPerson();
    const placed = await placeOrder(h, ev.slug, { items: [{ ticketTypeId: tt.id, quantity: 1, sessionId: ev.sessions[0].id }], buyer: p, attendees: [p], paymentMethod: 'free' });
    expect(placed.statusCode, placed.body).toBe(201);
    await until(() => regs(h, org.token, ev.id), (x) => x.summary.registered === 1);
    expect(approved(staffSlot.externalId).map((r) => r.email)).toEqual([p.email]);
    // The staff host's own e-mail cannot register for their slot.
    const self = buildPerson({ email: 'tutor@example.net' });
    const refused = await placeOrder(h, ev.slug, { items: [{ ticketTypeId: tt.id, quantity: 1, sessionId: ev.sessions[0].id }], buyer: self, attendees: [self], paymentMethod: 'free' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('host_cannot_register');
  });
});

describe('Jitsi and custom link accounts', () => {
  it('Jitsi rooms live on the configured domain and are unguessable; a custom link keeps its password and description', async () => {
    const org = await buildOrganization(h);
    const set = await h.call('PUT', '/api/v1/conferencing/default', { token: org.token, body: { provider: 'jitsi', domain: 'https://jitsi.example.org/' } });
    expect(set.statusCode, set.body).toBe(200);
    const urls = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const e = await buildPublishedEvent(h, { token: org.token });
      const put = await h.call('PUT', `/api/v1/events/${e.event.id}/conference`, { token: org.token, body: { mode: 'generate' } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().data[0].provider).toBe('jitsi');
      expect(put.json().data[0].joinUrl).toMatch(/^https:\/\/jitsi\.example\.org\/[a-z0-9-]+-[0-9a-f]{32}$/);
      urls.add(put.json().data[0].joinUrl);
    }
    expect(urls.size).toBe(2);

    const c = await buildPublishedEvent(h, { token: org.token });
    const link = await h.call('PUT', `/api/v1/events/${c.event.id}/conference`, { token: org.token, body: { provider: 'custom_link', mode: 'link', url: 'https://teams.example.com/l/abc', password: 'sesame', description: 'Microsoft Teams; dial-in +48 22 000 00 00' } });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json().data[0]).toMatchObject({ provider: 'custom_link', joinUrl: 'https://teams.example.com/l/abc', passcode: 'sesame', description: 'Microsoft Teams; dial-in +48 22 000 00 00' });
    const noUrl = await h.call('PUT', `/api/v1/events/${c.event.id}/conference`, { token: org.token, body: { provider: 'custom_link', mode: 'link' } });
    expect(noUrl.statusCode).toBe(422);
    expect(noUrl.json().error.details.fields[0].field).toBe('url');
  });
});

describe('refunds', () => {
  it('a fully refunded order has its registrations cancelled with Zoom', async () => {
    const a = await buildPublishedEvent(h, { event: { paymentMethods: ['manual'] }, ticket: { price: { amount: 4000, currency: 'PLN' } } });
    await connectZoom(h, a.token);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const p = buildPerson();
    const placed = await placeOrder(h, a.event.slug, { items: [{ ticketTypeId: a.ticketType.id, quantity: 1 }], buyer: p, attendees: [p], paymentMethod: 'manual' });
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json().order.id;
    expect((await h.call('POST', `/api/v1/orders/${orderId}/confirm`, { token: a.token, body: {} })).statusCode).toBe(200);
    await until(() => regs(h, a.token, a.event.id), (x) => x.summary.registered === 1);
    expect(approved(conf.externalId)).toHaveLength(1);
    const refund = await h.call('POST', `/api/v1/orders/${orderId}/refund`, { token: a.token, body: {} });
    expect(refund.statusCode, refund.body).toBeLessThan(300);
    const r = await until(() => regs(h, a.token, a.event.id), (x) => x.summary.cancelled === 1);
    expect(r.summary).toMatchObject({ cancelled: 1, registered: 0 });
    expect(approved(conf.externalId)).toHaveLength(0);
  });
});
