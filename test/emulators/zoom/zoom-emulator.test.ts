// The emulator's HTTP behaviour: OAuth, scopes, users, meetings, rate limits and injected faults.
import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, FOYER_SCOPES, type ZoomEmulator } from './zoom-emulator.js';
import { createRegistrationMeeting, fetchToken, zoomClient } from './test-client.js';

let emu: ZoomEmulator;
afterEach(async () => {
  await emu?.close();
});

describe('Server-to-Server OAuth', () => {
  it('issues a bearer token with scope string and api_url', async () => {
    emu = await startZoomEmulator();
    const { status, body } = await fetchToken(emu);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3599, api_url: emu.url });
    expect(body.scope.split(' ')).toEqual(expect.arrayContaining([...FOYER_SCOPES]));
    expect(emu.callCount('POST /oauth/token')).toBe(1);
  });

  it('refuses bad client credentials with invalid_client', async () => {
    emu = await startZoomEmulator();
    const { status, body } = await fetchToken(emu, { ...emu.credentials, clientSecret: 'wrong' });
    expect(status).toBe(400);
    expect(body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  });

  it('answers 401 / code 124 for missing, unknown and expired tokens', async () => {
    emu = await startZoomEmulator();
    const noToken = await fetch(`${emu.apiBaseUrl}/users`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 124 });
    const c = await zoomClient(emu);
    expect((await c.call('GET', '/users/me')).status).toBe(200);
    emu.advanceTime(3600 * 1000);
    const expired = await c.call('GET', '/users/me');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 124, message: 'Access token is expired.' });
  });

  it('answers 4711 when the token lacks a scope', async () => {
    emu = await startZoomEmulator();
    emu.setScopes(FOYER_SCOPES.filter((s) => s !== 'meeting:write:meeting:admin'));
    const c = await zoomClient(emu);
    const res = await c.call('POST', '/users/me/meetings', { topic: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(4711);
    expect(res.body.message).toContain('meeting:write:meeting:admin');
    expect((await c.call('GET', '/users/me/meetings')).status).toBe(200);
  });
});

describe('users and meetings', () => {
  it('lists active users with token pagination', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const first = await c.call('GET', '/users?status=active&page_size=3');
    expect(first.body).toMatchObject({ page_size: 3, total_records: 4 });
    expect(first.body.users).toHaveLength(3);
    const second = await c.call('GET', `/users?status=active&page_size=3&next_page_token=${first.body.next_page_token}`);
    expect(second.body.users).toHaveLength(1);
    expect(second.body.next_page_token).toBe('');
    expect((await c.call('GET', '/users/nobody@example.com')).body).toMatchObject({ code: 1001 });
  });

  it('creates, reads, lists, updates and deletes a meeting', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    expect(m).toMatchObject({ type: 2, duration: 90, timezone: 'Europe/Warsaw', host_email: 'owner@example.com' });
    expect(m.registration_url).toBeTruthy();
    expect((m.settings as Record<string, unknown>).approval_type).toBe(0);
    const list = await c.call('GET', '/users/me/meetings?type=upcoming');
    expect(list.body.meetings.map((x: { id: number }) => x.id)).toEqual([m.id]);
    expect((await c.call('PATCH', `/meetings/${m.id}`, { topic: 'Renamed', duration: 30 })).status).toBe(204);
    expect((await c.call('GET', `/meetings/${m.id}`)).body).toMatchObject({ topic: 'Renamed', duration: 30 });
    expect((await c.call('DELETE', `/meetings/${m.id}`)).status).toBe(204);
    expect((await c.call('GET', `/meetings/${m.id}`)).body).toEqual({ code: 3001, message: `Meeting does not exist: ${m.id}.` });
    expect(emu.state.deleted.map((d) => d.id)).toEqual([m.id]);
  });

  it('expands recurrence into occurrences with occurrence ids', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const res = await c.call('POST', '/users/me/meetings', {
      topic: 'Course', type: 8, start_time: '2031-03-24T18:00:00', timezone: 'Europe/Warsaw', duration: 60,
      recurrence: { type: 2, weekly_days: '2,5', end_times: 4 }, settings: { approval_type: 0, registration_type: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.body.occurrences.map((o: { start_time: string }) => o.start_time)).toEqual([
      '2031-03-24T17:00:00Z', '2031-03-27T17:00:00Z', '2031-03-31T16:00:00Z', '2031-04-03T16:00:00Z',
    ]);
    expect(res.body.occurrences[0]).toMatchObject({ occurrence_id: String(Date.parse('2031-03-24T17:00:00Z')), status: 'available' });
  });

  it('enforces scheduling privilege for other hosts', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const denied = await c.call('POST', '/users/noprivilege@example.com/meetings', { topic: 'x' });
    expect(denied.status).toBe(400);
    expect(denied.body).toEqual({ code: 3000, message: 'You cannot schedule a meeting for noprivilege@example.com' });
    const allowed = await c.call('POST', '/users/me/meetings', { topic: 'x', schedule_for: 'host@example.com' });
    expect(allowed.body.host_id).toBe('host-user-id');
    const webinar = await c.call('POST', '/users/basic@example.com/webinars', { topic: 'w' });
    expect(webinar.body.code).toBe(200);
    expect((await c.call('GET', '/users/host@example.com/schedulers')).body.code).toBe(4711);
    emu.setScopes([...FOYER_SCOPES, 'user:read:list_schedulers:admin']);
    const c2 = await zoomClient(emu);
    const schedulers = await c2.call('GET', '/users/host@example.com/schedulers');
    expect(schedulers.body.schedulers.map((u: { email: string }) => u.email)).toEqual(['owner@example.com']);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After and X-RateLimit headers past the per-second limit', async () => {
    emu = await startZoomEmulator({ rateLimits: { perSecond: { Light: 2 } } });
    const c = await zoomClient(emu);
    const results = await Promise.all([1, 2, 3].map(() => c.call('GET', '/users/me')));
    const limited = results.find((r) => r.status === 429)!;
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(limited.body.code).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(limited.headers.get('x-ratelimit-category')).toBe('Light');
  });

  it('limits meeting creates per host per day with an ISO Retry-After', async () => {
    emu = await startZoomEmulator({ rateLimits: { meetingWritesPerUserPerDay: 2 } });
    const c = await zoomClient(emu);
    await createRegistrationMeeting(c, emu);
    await createRegistrationMeeting(c, emu);
    const third = await c.call('POST', '/users/me/meetings', { topic: 'x' });
    expect(third.status).toBe(429);
    expect(third.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(third.headers.get('retry-after')).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
  });
});

describe('fault injection', () => {
  it('injects 5xx a given number of times, then recovers', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    emu.setFault({ kind: 'error', status: 503, method: 'GET', path: '/users/{userId}', times: 2 });
    expect((await c.call('GET', '/users/me')).status).toBe(503);
    expect((await c.call('GET', '/users/me')).status).toBe(503);
    expect((await c.call('GET', '/users/me')).status).toBe(200);
    expect(emu.callCount('GET /users/{userId}')).toBe(3);
  });

  it('injects 429 storms, hangs and delays on chosen paths', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    emu.setFault({ kind: 'rate-limit', path: '/users/*/meetings', times: 2, retryAfter: 7 });
    const storm = await c.call('GET', '/users/me/meetings');
    expect(storm.status).toBe(429);
    expect(storm.headers.get('retry-after')).toBe('7');
    expect((await c.call('GET', '/users/me/meetings')).status).toBe(429);
    expect((await c.call('GET', '/users/me/meetings')).status).toBe(200);
    emu.setFault({ kind: 'hang', path: '/v2/users', times: 1 });
    await expect(c.call('GET', '/users', undefined, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    emu.setFault({ kind: 'delay', ms: 150, path: '/v2/users', times: 1 });
    const started = Date.now();
    expect((await c.call('GET', '/users')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
