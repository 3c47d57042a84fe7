import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../../../../test/emulators/zoom/zoom-emulator.js';
import { RateLimited } from '../port.js';
import { retryAfterMs } from './zoom-client.js';
import { zoomProvider } from './zoom.adapter.js';

let zoom: ZoomEmulator;
beforeAll(async () => {
  zoom = await startZoomEmulator({ apiUrl: undefined });
});
afterAll(async () => zoom?.close());

const provider = (secret?: string) => zoomProvider({ ...zoom.credentials, ...(secret ? { clientSecret: secret } : {}), oauthUrl: zoom.url, timeoutMs: 1000 });

describe('Zoom client', () => {
  it('caches the token until expiry and refreshes on 124', async () => {
    const z = provider();
    const before = zoom.callCount('POST /oauth/token');
    await z.listUsers();
    await z.listUsers();
    await z.getConference({ externalId: '1', kind: 'meeting' });
    expect(zoom.callCount('POST /oauth/token') - before).toBeLessThanOrEqual(1);
    zoom.expireTokens();
    expect((await z.listUsers()).length).toBeGreaterThan(0);
    expect(zoom.callCount('POST /oauth/token') - before).toBe(2);
  });

  it('reports missing scopes and bad credentials clearly', async () => {
    zoom.setScopes(['user:read:list_users:admin', 'user:read:user:admin']);
    const z = provider();
    // Test access asks for a fresh token, so a scope change shows at once.
    const r = await z.testAccess();
    expect(r.missingScopes).toContain('meeting:write:registrant:admin');
    zoom.setScopes([...(await import('../../../../../test/emulators/zoom/zoom-emulator.js')).FOYER_SCOPES]);
    zoom.expireTokens();
    await expect(provider('wrong-secret').listUsers()).rejects.toThrow(/OAuth failed/);
  });

  it('turns 429 into RateLimited with Retry-After in seconds or as a date', async () => {
    const z = provider();
    zoom.setFault({ kind: 'rate-limit', method: 'GET', path: '/users', times: 1, retryAfter: 2 });
    const e = await z.listUsers().catch((x) => x);
    expect(e).toBeInstanceOf(RateLimited);
    expect(e.retryAfterMs).toBeGreaterThan(1000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(2000);
    const h = new Headers({ 'retry-after': new Date(Date.now() + 60_000).toISOString() });
    expect(retryAfterMs(h)).toBeGreaterThan(55_000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3) }))).toBeGreaterThan(1000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-type': 'Daily-limit' }))).toBeGreaterThan(0);
  });

  it('registering the same e-mail twice gives one registrant (idempotent retry)', async () => {
    const z = provider();
    const m = await z.createConference({ topic: 'T', startsAt: new Date(Date.now() + 86400_000), durationMinutes: 30, timeZone: 'UTC', kind: 'meeting' });
    expect(m.registrationEnabled).toBe(true);
    const a = await z.registerAttendee({ externalId: m.externalId, kind: 'meeting' }, { email: 'x@example.org', firstName: 'X', lastName: 'Y' });
    const b = await z.registerAttendee({ externalId: m.externalId, kind: 'meeting' }, { email: 'x@example.org', firstName: 'X', lastName: 'Y' });
    expect(b.registrantId).toBe(a.registrantId);
    expect((await z.listRegistrants({ externalId: m.externalId, kind: 'meeting' })).length).toBe(1);
    await z.deleteConference({ externalId: m.externalId, kind: 'meeting' });
    await z.deleteConference({ externalId: m.externalId, kind: 'meeting' }); // already gone: fine
    expect(await z.getConference({ externalId: m.externalId, kind: 'meeting' })).toBeNull();
  });

  it('uses the api_url from the token response', async () => {
    const other = await startZoomEmulator();
    try {
      // The API base is the token's api_url (the second emulator's own URL), not a fixed host.
      const z = zoomProvider({ ...other.credentials, oauthUrl: other.url, timeoutMs: 1000 });
      await z.listUsers();
      expect(other.callCount('GET /users')).toBe(1);
    } finally {
      await other.close();
    }
  });
});
