// Registrant rules: single add, duplicates, host e-mail, registration off, status changes,
// per-e-mail daily cap, batch limits, capacity, lost responses.
import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from './zoom-emulator.js';
import { createRegistrationMeeting, zoomClient } from './test-client.js';

let emu: ZoomEmulator;
afterEach(async () => {
  await emu?.close();
});

const person = (i: number) => ({ email: `attendee${i}@example.org`, first_name: `A${i}`, last_name: 'Test' });

describe('meeting registrants', () => {
  it('registers, returns the existing registrant for an active e-mail and refuses the host', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    const first = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: m.id, topic: 'Foyer test' });
    expect(first.body.registrant_id).toMatch(/^[\w-]{22}$/);
    expect(first.body.join_url).toContain(`/w/${m.id}?tk=`);
    const again = await c.call('POST', `/meetings/${m.id}/registrants`, { ...person(1), email: 'ATTENDEE1@example.org' });
    expect(again.body.registrant_id).toBe(first.body.registrant_id);
    expect(again.body.join_url).toBe(first.body.join_url);
    const host = await c.call('POST', `/meetings/${m.id}/registrants`, { email: 'owner@example.com', first_name: 'O' });
    expect(host.status).toBe(400);
    expect(host.body).toEqual({ code: 3027, message: 'Host cannot register.' });
    expect(emu.state.registrants.size).toBe(1);
  });

  it('refuses registration when the meeting has none, and validates fields', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu, { settings: {} });
    const res = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('Registration has not been enabled');
    const missing = await c.call('POST', '/meetings/12345/registrants', person(1));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(1001);
    const m2 = await createRegistrationMeeting(c, emu);
    const bad = await c.call('POST', `/meetings/${m2.id}/registrants`, { email: 'not-an-email' });
    expect(bad.body).toMatchObject({ code: 300, message: 'Validation Failed.' });
  });

  it('cancels, lists by status, re-registers a cancelled e-mail and caps adds per e-mail per day', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    const { body: reg } = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    await c.call('POST', `/meetings/${m.id}/registrants`, person(2));
    const cancel = await c.call('PUT', `/meetings/${m.id}/registrants/status`, { action: 'cancel', registrants: [{ id: reg.registrant_id }] });
    expect(cancel.status).toBe(204);
    const approved = await c.call('GET', `/meetings/${m.id}/registrants?status=approved&page_size=1`);
    expect(approved.body).toMatchObject({ total_records: 1, page_size: 1 });
    expect(approved.body.registrants[0].email).toBe('attendee2@example.org');
    const denied = await c.call('GET', `/meetings/${m.id}/registrants?status=denied`);
    expect(denied.body.registrants.map((r: { id: string }) => r.id)).toEqual([reg.registrant_id]);
    const again = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    expect(again.status).toBe(201);
    expect(emu.state.registrants.get(reg.registrant_id)?.status).toBe('approved');
    await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    const fourth = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('x-ratelimit-type')).toBe('Daily-limit');
  });

  it('leaves registrants pending under manual approval unless auto_approve', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu, { settings: { approval_type: 1 } });
    const pending = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    expect(pending.body.join_url).toBeUndefined();
    const auto = await c.call('POST', `/meetings/${m.id}/registrants`, { ...person(2), auto_approve: true });
    expect(auto.body.join_url).toBeTruthy();
    expect((await c.call('GET', `/meetings/${m.id}/registrants?status=pending`)).body.total_records).toBe(1);
  });

  it('caps registrants at the meeting limit (3043)', async () => {
    emu = await startZoomEmulator({ accounts: [{ ...(await import('./state.js')).DEFAULT_ACCOUNT, meetingRegistrantLimit: 2 }] });
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    await c.call('POST', `/meetings/${m.id}/registrants`, person(2));
    const full = await c.call('POST', `/meetings/${m.id}/registrants`, person(3));
    expect(full.body).toEqual({ code: 3043, message: 'Meeting has reached maximum attendee capacity.' });
  });

  it('applies the change even when the response is lost', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    emu.setFault({ kind: 'commit-then-reset', method: 'POST', path: '/meetings/{meetingId}/registrants', times: 1 });
    await expect(c.call('POST', `/meetings/${m.id}/registrants`, person(1))).rejects.toThrow();
    expect([...emu.state.registrants.values()].map((r) => r.email)).toEqual(['attendee1@example.org']);
    const retry = await c.call('POST', `/meetings/${m.id}/registrants`, person(1));
    expect(retry.body.registrant_id).toBe([...emu.state.registrants.keys()][0]);
  });
});

describe('batch registration', () => {
  it('takes at most 30 registrants, only on scheduled meetings', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    const tooMany = await c.call('POST', `/meetings/${m.id}/batch_registrants`, { registrants: Array.from({ length: 31 }, (_, i) => person(i)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe(300);
    const ok = await c.call('POST', `/meetings/${m.id}/batch_registrants`, { auto_approve: true, registrants: Array.from({ length: 30 }, (_, i) => person(i)) });
    expect(ok.status).toBe(201);
    expect(ok.body.registrants).toHaveLength(30);
    expect(ok.body.registrants[0]).toMatchObject({ email: 'attendee0@example.org', registrant_id: expect.any(String), join_url: expect.any(String) });
    const recurring = await c.call('POST', '/users/me/meetings', {
      type: 8, start_time: '2031-01-06T10:00:00Z', recurrence: { type: 1, end_times: 3 }, settings: { approval_type: 0 },
    });
    const refused = await c.call('POST', `/meetings/${recurring.body.id}/batch_registrants`, { registrants: [person(1)] });
    expect(refused.body.code).toBe(303);
    expect(emu.callCount('POST /meetings/{meetingId}/batch_registrants')).toBe(3);
  });
});

describe('webinars', () => {
  it('needs a webinar licence and caps registrants at registrants_restrict_number', async () => {
    emu = await startZoomEmulator();
    const c = await zoomClient(emu);
    const w = await c.call('POST', '/users/me/webinars', {
      topic: 'Webinar', type: 5, start_time: '2031-02-01T10:00:00Z', duration: 60,
      settings: { approval_type: 0, registrants_restrict_number: 2, waiting_room: true },
    });
    expect(w.status).toBe(201);
    expect(w.body.settings.waiting_room).toBeUndefined();
    expect(w.body.encrypted_passcode).toBeTruthy();
    for (const i of [1, 2]) expect((await c.call('POST', `/webinars/${w.body.id}/registrants`, person(i))).status).toBe(201);
    const full = await c.call('POST', `/webinars/${w.body.id}/registrants`, person(3));
    expect(full.body.code).toBe(3043);
    expect((await c.call('GET', `/meetings/${w.body.id}`)).body.code).toBe(3000);
  });
});
