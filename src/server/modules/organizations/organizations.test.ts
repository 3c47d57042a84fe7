import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildOrganization } from '../../../../test/factories.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('organisation settings', () => {
  it('reads and changes settings, validating currency and time zone', async () => {
    const { token } = await buildOrganization(h);
    const res = await h.call('PATCH', '/api/v1/organization', { token, body: { defaultCurrency: 'JPY', timeZone: 'Asia/Tokyo', locale: 'ja', senderName: '山田イベント', replyTo: 'info@example.jp', feePercent: 2.5 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ defaultCurrency: 'JPY', timeZone: 'Asia/Tokyo', locale: 'ja', feePercent: 2.5 });
    expect((await h.call('PATCH', '/api/v1/organization', { token, body: { timeZone: 'Tokyo' } })).json().error.details.fields[0].field).toBe('timeZone');
    expect((await h.call('PATCH', '/api/v1/organization', { token, body: { defaultCurrency: 'ZZZ' } })).statusCode).toBe(422);
    expect((await h.call('PATCH', '/api/v1/organization', { token, body: { feePercent: 80 } })).statusCode).toBe(422);
    expect((await h.call('PATCH', '/api/v1/organization', { token, body: { unknownField: 1 } })).statusCode).toBe(422);
  });
});

describe('members and roles', () => {
  it('invites a new person, who sets a password and logs in as staff with read-only rights', async () => {
    const owner = await buildOrganization(h);
    const add = await h.call('POST', '/api/v1/members', { token: owner.token, body: { email: 'Staff@Example.com', name: 'Sam Staff', role: 'staff' } });
    expect(add.statusCode, add.body).toBe(201);
    const { member, inviteUrl } = add.json();
    expect(member).toMatchObject({ email: 'staff@example.com', role: 'staff', status: 'invited' });
    const token = inviteUrl.split('/invite/')[1];
    expect((await h.call('POST', '/api/v1/auth/accept-invite', { body: { token, password: 'staff-password-1' } })).statusCode).toBe(204);
    expect((await h.call('POST', '/api/v1/auth/accept-invite', { body: { token, password: 'staff-password-1' } })).statusCode).toBe(410);
    const login = (await h.call('POST', '/api/v1/auth/login', { body: { email: 'staff@example.com', password: 'staff-password-1' } })).json();
    expect(login.organization.id).toBe(owner.organization.id);
    expect((await h.call('GET', '/api/v1/events', { token: login.token })).statusCode).toBe(200);
    const denied = await h.call('POST', '/api/v1/events', { token: login.token, body: { title: 'X', timeZone: 'UTC', format: 'online', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' } });
    expect(denied.statusCode).toBe(403);
    expect((await h.call('POST', '/api/v1/members', { token: login.token, body: { email: 'x@example.com', role: 'owner' } })).statusCode).toBe(403);
    const list = (await h.call('GET', '/api/v1/members', { token: owner.token })).json().data;
    expect(list.map((m: any) => [m.role, m.status])).toEqual([['owner', 'active'], ['staff', 'active']]);
  });

  it('keeps at least one owner and lets admins manage staff but not owners', async () => {
    const owner = await buildOrganization(h);
    const ownerMember = (await h.call('GET', '/api/v1/members', { token: owner.token })).json().data[0];
    const demote = await h.call('PATCH', `/api/v1/members/${ownerMember.id}`, { token: owner.token, body: { role: 'admin' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_owner');
    const admin = await buildOrganization(h);
    const added = await h.call('POST', '/api/v1/members', { token: owner.token, body: { email: admin.email, role: 'admin' } });
    expect(added.json().inviteUrl).toBeNull();
    const adminLogin = (await h.call('POST', '/api/v1/auth/login', { body: { email: admin.email, password: admin.password, organizationId: owner.organization.id } })).json();
    expect((await h.call('DELETE', `/api/v1/members/${ownerMember.id}`, { token: adminLogin.token })).statusCode).toBe(403);
    expect((await h.call('PATCH', '/api/v1/organization', { token: adminLogin.token, body: { feePercent: 1 } })).statusCode).toBe(403);
    const dup = await h.call('POST', '/api/v1/members', { token: owner.token, body: { email: admin.email, role: 'staff' } });
    expect(dup.statusCode).toBe(409);
    expect((await h.call('DELETE', `/api/v1/members/${added.json().member.id}`, { token: owner.token })).statusCode).toBe(204);
    expect((await h.call('GET', '/api/v1/events', { token: adminLogin.token })).statusCode).toBe(401);
  });
});
