import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildOrganization } from '../factories.js';
import { startZoomEmulator, type ZoomEmulator } from '../emulators/zoom/zoom-emulator.js';

// GET /api/v1/integrations lists every connected provider, Zoom included, for the settings page.
let h: Harness;
let zoom: ZoomEmulator;

beforeAll(async () => {
  zoom = await startZoomEmulator();
  h = await startHarness({ env: { ZOOM_OAUTH_URL: zoom.url } });
});
afterAll(async () => {
  await h?.close();
  await zoom?.close();
});

describe('GET /api/v1/integrations', () => {
  it('lists a connected Zoom account (hosts, no webhook token) with its secret masked', async () => {
    const org = await buildOrganization(h);
    const put = await h.call('PUT', '/api/v1/integrations/zoom', { token: org.token, body: { ...zoom.credentials, visibleHostIds: ['owner@example.com', 'host@example.com'] } });
    expect(put.statusCode, put.body).toBe(200);
    const res = await h.call('GET', '/api/v1/integrations', { token: org.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(zoom.credentials.clientSecret);
    const z = res.json().data.find((i: { provider: string }) => i.provider === 'zoom');
    expect(z).toMatchObject({ configured: true, settings: { accountId: zoom.credentials.accountId, visibleHostIds: 'owner@example.com,host@example.com' } });
    expect(z.settings.clientSecret).toMatch(/^•+/);
    expect(z.settings).not.toHaveProperty('webhookSecretToken');
  });

  it("reads a member's own conferencing account (implicit until set)", async () => {
    const org = await buildOrganization(h);
    const members = (await h.call('GET', '/api/v1/members', { token: org.token })).json().data;
    const path = `/api/v1/members/${members[0].id}/conferencing`;
    expect((await h.call('GET', path, { token: org.token })).json()).toMatchObject({ implicit: true, memberId: members[0].id });
    const put = await h.call('PUT', path, { token: org.token, body: { provider: 'custom_link', url: 'https://meet.example.com/room-1' } });
    expect(put.statusCode, put.body).toBe(200);
    const got = (await h.call('GET', path, { token: org.token })).json();
    expect(got).toMatchObject({ implicit: false, provider: 'custom_link', settings: { url: 'https://meet.example.com/room-1' } });
  });
});
