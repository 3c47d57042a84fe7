import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildOrganization, buildPerson, buildPublishedEvent, buildEvent, buildTicketType, placeOrder } from '../factories.js';
import { startZoomEmulator, type ZoomEmulator } from '../emulators/zoom/zoom-emulator.js';

let h: Harness;
let zoom: ZoomEmulator;
let webhookUrl: string;
const WEBHOOK_SECRET = 'zoom-webhook-secret-token';

beforeAll(async () => {
  zoom = await startZoomEmulator({ rateLimits: { perSecond: { Light: 20, Medium: 20, Heavy: 10 } } });
  h = await startHarness({ env: { ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '1000' } });
  webhookUrl = `${await h.app.listen({ port: 0, host: '127.0.0.1' })}/webhooks/zoom`;
});
afterAll(async () => {
  await h?.close();
  await zoom?.close();
});

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

const regs = (token: string, eventId: string) => h.call('GET', `/api/v1/events/${eventId}/registrations`, { token }).then((r) => r.json());
const settled = (r: any) => r.summary.pending === 0 && r.summary.cancel_pending === 0;

async function connectZoom(token: string) {
  const res = await h.call('PUT', '/api/v1/integrations/zoom', { token, body: { ...zoom.credentials, webhookSecretToken: WEBHOOK_SECRET } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function order(slug: string, ticketTypeId: string, people: ReturnType<typeof buildPerson>[], sessionId?: string) {
  return placeOrder(h, slug, { items: [{ ticketTypeId, quantity: people.length, ...(sessionId ? { sessionId } : {}) }], buyer: people[0], attendees: people, paymentMethod: 'free' });
}

const zoomRegistrants = (meetingId: string) => [...zoom.state.registrants.values()].filter((r) => String(r.conferenceId) === meetingId);

describe('Jitsi (no configuration)', () => {
  it('generates a room and registers every attendee with its URL', async () => {
    const a = await buildPublishedEvent(h);
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { mode: 'generate' } });
    expect(put.statusCode, put.body).toBe(200);
    const conf = put.json().data[0];
    expect(conf.provider).toBe('jitsi');
    expect(conf.joinUrl).toMatch(/^https:\/\/meet\.jit\.si\/.+-[0-9a-f]{32}$/);
    const res = await order(a.event.slug, a.ticketType.id, [buildPerson(), buildPerson()]);
    expect(res.statusCode, res.body).toBe(201);
    // Poll on the totals: they are read before the rows, so when they say 2 the rows show both too.
    const r = await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 2);
    expect(r.summary, JSON.stringify(r.data)).toMatchObject({ registered: 2 });
    expect(r.data.map((x: any) => x.joinUrl)).toEqual([conf.joinUrl, conf.joinUrl]);
    const list = (await h.call('GET', `/api/v1/events/${a.event.id}/attendees`, { token: a.token })).json();
    const people = list.data ?? list;
    expect(people[0].registrationStatus).toBe('registered');
    expect(people[0].joinUrl).toBe(conf.joinUrl);
    const events = await h.ctx.database.pool.query(`SELECT payload FROM domain_events WHERE type = 'registration.registered' AND payload->>'eventId' = $1`, [a.event.id]);
    expect(events.rowCount).toBe(2);
    expect(events.rows[0].payload.joinUrl).toBe(conf.joinUrl);
  });

  it('a custom link edited later moves every registration to the new URL', async () => {
    const a = await buildPublishedEvent(h);
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'custom_link', mode: 'link', url: 'https://meet.google.com/abc-defg-hij', password: 'pw' } });
    expect(put.statusCode, put.body).toBe(200);
    await order(a.event.slug, a.ticketType.id, [buildPerson()]);
    await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 1);
    const again = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'custom_link', mode: 'link', url: 'https://teams.example.com/new' } });
    expect(again.json().data[0].id).toBe(put.json().data[0].id);
    const r = await regs(a.token, a.event.id);
    expect(r.data[0].joinUrl).toBe('https://teams.example.com/new');
    // Removing the link cancels the registrations it gave.
    const del = await h.call('DELETE', `/api/v1/events/${a.event.id}/sessions/${a.event.sessions[0].id}/conference`, { token: a.token });
    expect(del.statusCode).toBe(404); // the link is event-wide, not the session's own
    expect((await h.call('DELETE', `/api/v1/events/${a.event.id}/conference`, { token: a.token })).statusCode).toBe(204);
    expect((await until(() => regs(a.token, a.event.id), (x) => x.summary.cancelled === 1)).summary.cancelled).toBe(1);
  });
});

describe('Zoom', () => {
  it('stores credentials masked, tests access and lists users', async () => {
    const org = await buildOrganization(h);
    const saved = await connectZoom(org.token);
    expect(saved.clientSecret).not.toContain(zoom.credentials.clientSecret);
    expect(saved.clientSecret).toMatch(/^••••/);
    const test = await h.call('POST', '/api/v1/integrations/zoom/test', { token: org.token });
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json()).toMatchObject({ ok: true, user: { email: 'owner@example.com' }, missingScopes: [] });
    const users = (await h.call('GET', '/api/v1/integrations/zoom/users', { token: org.token })).json().data;
    expect(users.map((u: any) => u.email)).toContain('host@example.com');
    // Bad credentials: a clear error, not a 500.
    const bad = await h.call('PUT', '/api/v1/integrations/zoom', { token: org.token, body: { ...zoom.credentials, clientSecret: 'wrong' } });
    expect(bad.statusCode).toBe(200);
    const failed = await h.call('POST', '/api/v1/integrations/zoom/test', { token: org.token });
    expect(failed.statusCode).toBe(422);
  });

  it('reports missing scopes and a host without scheduling privilege', async () => {
    const org = await buildOrganization(h);
    await connectZoom(org.token);
    const a = await buildPublishedEvent(h, { token: org.token });
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting', hostId: 'noprivilege@example.com' } });
    expect(put.statusCode, put.body).toBe(422);
    expect(put.json().error.code).toBe('zoom_schedule_privilege');
  });

  it('runs the lifecycle: generate a webinar, register, partial cancel, update, host refused, cancel event', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(a.token);
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar', settings: { questionAndAnswer: true, practiceSession: true }, registrantLimit: 100 } });
    expect(put.statusCode, put.body).toBe(200);
    const conf = put.json().data[0];
    expect(conf).toMatchObject({ kind: 'webinar', generated: true, registrationEnabled: true, hostEmail: 'owner@example.com' });
    expect(zoom.state.webinars.get(Number(conf.externalId))).toBeDefined();
    // The registrant limit caps sales.
    expect((await h.call('GET', `/api/v1/events/${a.event.id}`, { token: a.token })).json().capacity).toBe(100);

    const people = [buildPerson(), buildPerson(), buildPerson()];
    expect((await order(a.event.slug, a.ticketType.id, people)).statusCode).toBe(201);
    const r = await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 3);
    expect(r.summary.registered).toBe(3);
    expect(new Set(r.data.map((x: any) => x.joinUrl)).size).toBe(3);
    expect(zoomRegistrants(conf.externalId).filter((x) => x.status === 'approved')).toHaveLength(3);

    // Same e-mail again: refused before payment; the host's e-mail too.
    const dup = await order(a.event.slug, a.ticketType.id, [people[1]!]);
    expect(dup.statusCode).toBe(409);
    const host = await order(a.event.slug, a.ticketType.id, [buildPerson({ email: 'owner@example.com' })]);
    expect(host.statusCode, host.body).toBe(422);
    expect(host.json().error.code).toBe('host_cannot_register');

    // Cancel one attendee → cancelled in Zoom.
    const victim = r.data.find((x: any) => x.email === people[2]!.email);
    const c = await h.call('POST', `/api/v1/attendees/${victim.attendeeId}/cancel`, { token: a.token, body: {} });
    expect(c.statusCode, c.body).toBeLessThan(300);
    await until(() => regs(a.token, a.event.id), (x) => x.summary.cancelled === 1 && settled(x));
    expect(zoomRegistrants(conf.externalId).find((x) => x.email === people[2]!.email)!.status).not.toBe('approved');

    // Title change → Zoom topic follows.
    await h.call('PATCH', `/api/v1/events/${a.event.id}`, { token: a.token, body: { title: 'Renamed webinar' } });
    await until(async () => zoom.state.webinars.get(Number(conf.externalId))!.topic, (t) => t === 'Renamed webinar');
    expect(zoom.state.webinars.get(Number(conf.externalId))!.topic).toBe('Renamed webinar');

    // Cancelling the event cancels registrations and deletes the generated webinar.
    await h.call('POST', `/api/v1/events/${a.event.id}/cancel`, { token: a.token, body: {} });
    await until(async () => zoom.state.webinars.has(Number(conf.externalId)), (x) => x === false);
    expect(zoom.state.webinars.has(Number(conf.externalId))).toBe(false);
    const after = await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 0 && settled(x));
    expect(after.summary.registered).toBe(0);
  });

  it('a lost answer (commit-then-hang) and 503s end in exactly one registrant each, none lost', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(a.token);
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } });
    const conf = put.json().data[0];
    zoom.setFault({ kind: 'commit-then-hang', method: 'POST', path: '/meetings/{meetingId}/registrants', times: 1 });
    zoom.setFault({ kind: 'error', status: 503, method: 'POST', path: '/meetings/{meetingId}/registrants', times: 2 });
    const p = buildPerson();
    await order(a.event.slug, a.ticketType.id, [p]);
    const r = await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 1, 30_000);
    expect(r.summary.registered).toBe(1);
    expect(r.data[0].attempts).toBeGreaterThan(1);
    expect(zoomRegistrants(conf.externalId).filter((x) => x.email === p.email)).toHaveLength(1);
    zoom.clearFaults();
  });

  it('converting a physical event registers existing attendees in batches, falling back on a bad one', async () => {
    const a = await buildPublishedEvent(h, { event: { format: 'in_person', venue: 'Hall A' } });
    await connectZoom(a.token);
    const people = Array.from({ length: 40 }, () => buildPerson());
    for (let i = 0; i < 40; i += 10) expect((await order(a.event.slug, a.ticketType.id, people.slice(i, i + 10))).statusCode).toBe(201);
    await h.call('PATCH', `/api/v1/events/${a.event.id}`, { token: a.token, body: { format: 'hybrid' } });
    zoom.setFault({ kind: 'error', status: 502, method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 1 });
    const before = zoom.callCount('POST /webinars/{webinarId}/batch_registrants');
    const put = await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'webinar' } });
    expect(put.statusCode, put.body).toBe(200);
    const conf = put.json().data[0];
    const r = await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 40, 30_000);
    expect(r.summary).toMatchObject({ registered: 40, failed: 0, progress: 1 });
    expect(zoom.callCount('POST /webinars/{webinarId}/batch_registrants') - before).toBeGreaterThanOrEqual(2);
    expect(zoomRegistrants(conf.externalId)).toHaveLength(40);
  });

  it('a permanent failure shows as failed with the provider message and can be retried', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(a.token);
    await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } });
    zoom.setFault({ kind: 'error', status: 400, body: { code: 300, message: 'Invalid field.' }, method: 'POST', path: '/meetings/{meetingId}/registrants', times: 1 });
    await order(a.event.slug, a.ticketType.id, [buildPerson()]);
    const r = await until(() => regs(a.token, a.event.id), (x) => x.summary.failed === 1);
    expect(r.data[0].lastError).toContain('Invalid field');
    const failedEvents = await h.ctx.database.pool.query(`SELECT 1 FROM domain_events WHERE type = 'registration.failed' AND payload->>'eventId' = $1`, [a.event.id]);
    expect(failedEvents.rowCount).toBe(1);
    const retry = await h.call('POST', `/api/v1/events/${a.event.id}/registrations/retry`, { token: a.token, body: {} });
    expect(retry.json().retried).toBe(1);
    expect((await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 1)).summary.registered).toBe(1);
  });

  it('links an existing meeting, enables registration in one click, and one slot per bookable session', async () => {
    const org = await buildOrganization(h);
    await connectZoom(org.token);
    const existing = zoom.portal.createConference('owner@example.com', 'meeting', { topic: 'Existing', type: 2, start_time: '2030-01-01T10:00:00Z', duration: 60 });
    const list = (await h.call('GET', '/api/v1/integrations/zoom/meetings?kind=meeting', { token: org.token })).json().data;
    const found = list.find((m: any) => m.id === String(existing.id));
    expect(found).toMatchObject({ topic: 'Existing', registrationEnabled: false });
    const ev = await buildEvent(h, org.token);
    const link = await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'link', kind: 'meeting', meetingId: String(existing.id) } });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json().data[0]).toMatchObject({ generated: false, registrationEnabled: false });
    const fix = await h.call('POST', `/api/v1/events/${ev.id}/conferences/${link.json().data[0].id}/enable-registration`, { token: org.token });
    expect(fix.statusCode, fix.body).toBe(200);
    expect(fix.json().registrationEnabled).toBe(true);

    const start = new Date(Date.now() + 3 * 86400_000);
    start.setUTCHours(9, 0, 0, 0);
    const slots = [0, 1].map((k) => ({ startsAt: new Date(start.getTime() + k * 3600_000).toISOString(), endsAt: new Date(start.getTime() + k * 3600_000 + 1800_000).toISOString(), capacity: 1 }));
    const booking = await buildEvent(h, org.token, { kind: 'bookable', sessions: slots });
    const tt = await buildTicketType(h, org.token, booking.id);
    await h.call('POST', `/api/v1/events/${booking.id}/publish`, { token: org.token });
    const per = await h.call('PUT', `/api/v1/events/${booking.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } });
    expect(per.statusCode, per.body).toBe(200);
    expect(per.json().data).toHaveLength(2);
    // A slot added later gets its own meeting like its siblings.
    const added = await h.call('POST', `/api/v1/events/${booking.id}/sessions`, { token: org.token, body: { startsAt: new Date(start.getTime() + 7200_000).toISOString(), endsAt: new Date(start.getTime() + 9000_000).toISOString() } });
    expect(added.statusCode, added.body).toBe(201);
    const confs = await until(async () => (await h.call('GET', `/api/v1/events/${booking.id}/conferences`, { token: org.token })).json().data, (d: any[]) => d.length === 3);
    expect(confs.find((c: any) => c.sessionId === added.json().id)).toMatchObject({ provider: 'zoom', generated: true });
    const p = buildPerson();
    await order(booking.slug, tt.id, [p], booking.sessions[1].id);
    const r = await until(() => regs(org.token, booking.id), (x) => x.summary.registered === 1);
    expect(r.data).toHaveLength(1);
    expect(r.data[0].sessionId).toBe(booking.sessions[1].id);
  });
});

describe('Zoom webhooks and drift', () => {
  it('answers URL validation, rejects forged and stale requests, records drift and repairs it', async () => {
    const a = await buildPublishedEvent(h);
    await connectZoom(a.token);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const p = buildPerson();
    await order(a.event.slug, a.ticketType.id, [p]);
    await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 1);

    const v = await zoom.validateWebhookEndpoint(webhookUrl, WEBHOOK_SECRET);
    expect(v.ok).toBe(true);
    const forged = await zoom.sendWebhook(webhookUrl, 'meeting.deleted', { object: { id: Number(conf.externalId) } }, WEBHOOK_SECRET, { signature: 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    const stale = await zoom.sendWebhook(webhookUrl, 'meeting.deleted', { object: { id: Number(conf.externalId) } }, WEBHOOK_SECRET, { at: Date.now() - 10 * 60_000 });
    expect(stale.status).toBe(401);

    zoom.setWebhookTarget({ url: webhookUrl, secretToken: WEBHOOK_SECRET });
    zoom.portal.cancelRegistrant(Number(conf.externalId), p.email);
    await zoom.webhooksIdle();
    zoom.setWebhookTarget(null);
    const last = zoom.state.webhookDeliveries.at(-1)!;
    expect(last.status).toBe(200);
    await zoom.redeliverWebhook(last.id, WEBHOOK_SECRET); // Zoom retries: still one drift row
    const drift = (await h.call('GET', `/api/v1/events/${a.event.id}/drift`, { token: a.token })).json().data;
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ kind: 'registrant_cancelled', email: p.email, status: 'open' });

    const repair = await h.call('POST', `/api/v1/events/${a.event.id}/drift/repair`, { token: a.token, body: {} });
    expect(repair.json().results[0].outcome).toBe('repaired');
    await until(async () => zoomRegistrants(conf.externalId).find((x) => x.email === p.email)?.status, (s) => s === 'approved');
    expect(zoomRegistrants(conf.externalId).find((x) => x.email === p.email)!.status).toBe('approved');

    // Reconciliation finds a registrant added directly in Zoom.
    zoom.portal.register(Number(conf.externalId), { email: 'stranger@example.org', first_name: 'S' });
    const rec = await h.call('POST', `/api/v1/events/${a.event.id}/conferences/${conf.id}/reconcile`, { token: a.token });
    expect(rec.json()).toMatchObject({ unknown: ['stranger@example.org'], missing: [] });
  });
});

describe('sync engine recovery and accounts', () => {
  it('a worker that died after Zoom registered someone (row still pending) leaves one registrant, reusing it', async () => {
    const a = await buildPublishedEvent(h, { event: { format: 'in_person', venue: 'Room 1' } });
    await connectZoom(a.token);
    const people = [buildPerson(), buildPerson(), buildPerson()];
    await order(a.event.slug, a.ticketType.id, people);
    const conf = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 3);
    // Simulate the crash window: Zoom holds the registrant, Foyer's row went back to pending.
    const before = zoomRegistrants(conf.externalId).find((x) => x.email === people[0]!.email)!;
    await h.ctx.database.pool.query(`UPDATE registrations SET status = 'pending', join_url = NULL, provider_registrant_id = NULL WHERE event_id = $1`, [a.event.id]);
    await h.call('POST', `/api/v1/events/${a.event.id}/registrations/retry`, { token: a.token, body: { registrationIds: (await regs(a.token, a.event.id)).data.map((x: any) => x.id) } });
    const r = await until(() => regs(a.token, a.event.id), (x) => x.summary.registered === 3);
    expect(r.summary.registered).toBe(3);
    expect(zoomRegistrants(conf.externalId)).toHaveLength(3);
    expect(r.data.find((x: any) => x.email === people[0]!.email).providerRegistrantId).toBe(before.id);
  });

  it("a staff member's own account is used for their slots, and drift on meeting changes is repaired", async () => {
    const org = await buildOrganization(h);
    await connectZoom(org.token);
    await h.call('PUT', '/api/v1/conferencing/default', { token: org.token, body: { provider: 'zoom' } });
    const members = (await h.call('GET', '/api/v1/members', { token: org.token })).json().data;
    const own = await h.call('PUT', `/api/v1/members/${members[0].id}/conferencing`, { token: org.token, body: { provider: 'custom_link', url: 'https://meet.example.com/olga' } });
    expect(own.statusCode, own.body).toBe(200);
    const start = new Date(Date.now() + 4 * 86400_000);
    start.setUTCHours(9, 0, 0, 0);
    const ev = await buildEvent(h, org.token, { kind: 'bookable', sessions: [
      { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1800_000).toISOString(), staffMemberId: members[0].id },
      { startsAt: new Date(start.getTime() + 3600_000).toISOString(), endsAt: new Date(start.getTime() + 5400_000).toISOString() },
    ] });
    const put = await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { mode: 'generate' } });
    expect(put.statusCode, put.body).toBe(200);
    const [staffSlot, orgSlot] = put.json().data;
    expect(staffSlot).toMatchObject({ provider: 'custom_link', joinUrl: 'https://meet.example.com/olga' });
    expect(orgSlot.provider).toBe('zoom');

    zoom.setWebhookTarget({ url: webhookUrl, secretToken: WEBHOOK_SECRET });
    zoom.portal.updateConference(Number(orgSlot.externalId), { topic: 'Changed in Zoom' });
    await zoom.webhooksIdle();
    let drift = (await h.call('GET', `/api/v1/events/${ev.id}/drift`, { token: org.token })).json().data;
    expect(drift.map((d: any) => d.kind)).toContain('conference_updated');
    await h.call('POST', `/api/v1/events/${ev.id}/drift/repair`, { token: org.token, body: {} });
    expect(zoom.state.meetings.get(Number(orgSlot.externalId))!.topic).toBe(ev.title);

    zoom.portal.deleteConference(Number(orgSlot.externalId));
    await zoom.webhooksIdle();
    zoom.setWebhookTarget(null);
    drift = (await h.call('GET', `/api/v1/events/${ev.id}/drift?status=open`, { token: org.token })).json().data;
    expect(drift.map((d: any) => d.kind)).toEqual(['conference_deleted']);
    const repaired = await h.call('POST', `/api/v1/events/${ev.id}/drift/repair`, { token: org.token, body: {} });
    expect(repaired.json().results[0].outcome).toBe('repaired');
    const now = (await h.call('GET', `/api/v1/events/${ev.id}/conferences`, { token: org.token })).json().data.find((c: any) => c.id === orgSlot.id);
    expect(now.externalId).not.toBe(orgSlot.externalId);
    expect(zoom.state.meetings.has(Number(now.externalId))).toBe(true);
  });
});

describe('multi-day and series coverage', () => {
  it('one recurring Zoom meeting covers every day; per-day layout registers each attendee for each day', async () => {
    const org = await buildOrganization(h);
    await connectZoom(org.token);
    const start = new Date(Date.now() + 10 * 86400_000);
    start.setUTCHours(8, 0, 0, 0);
    const days = [0, 1, 2].map((d) => ({ startsAt: new Date(start.getTime() + d * 86400_000).toISOString(), endsAt: new Date(start.getTime() + d * 86400_000 + 7200_000).toISOString() }));
    const ev = await buildEvent(h, org.token, { kind: 'multi_day', sessions: days, startsAt: days[0]!.startsAt, endsAt: days[2]!.endsAt });
    const tt = await buildTicketType(h, org.token, ev.id);
    await h.call('POST', `/api/v1/events/${ev.id}/publish`, { token: org.token });
    const single = await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting', layout: 'single' } });
    expect(single.statusCode, single.body).toBe(200);
    const meeting = zoom.state.meetings.get(Number(single.json().data[0].externalId))!;
    expect(meeting.type).toBe(8);
    expect(meeting.occurrences).toHaveLength(3);
    const p = buildPerson();
    await order(ev.slug, tt.id, [p]);
    await until(() => regs(org.token, ev.id), (x) => x.summary.registered === 1);
    const reg = zoomRegistrants(String(meeting.id)).find((x) => x.email === p.email)!;
    expect(reg.occurrenceIds.length === 0 || reg.occurrenceIds.length === 3).toBe(true);

    // Switching to one meeting per day: the old one's registrations are cancelled, the new ones registered.
    const per = await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting', layout: 'per_session' } });
    expect(per.statusCode, per.body).toBe(200);
    expect(per.json().data).toHaveLength(3);
    const r = await until(() => regs(org.token, ev.id), (x) => x.summary.registered === 3 && settled(x));
    expect(r.summary).toMatchObject({ registered: 3, cancelled: 1 });
  });
});
