import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildOrganization } from '../../../../test/factories.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

function cookiesOf(res: { headers: Record<string, unknown> }) {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : [raw as string];
  return Object.fromEntries(list.map((c) => c.split(';')[0]!.split('=')).map(([k, ...v]) => [k, v.join('=')]));
}

describe('sign-up and login', () => {
  it('signs up with a bearer token, an httpOnly session cookie and a CSRF cookie', async () => {
    const res = await h.call('POST', '/api/v1/auth/signup', { body: { email: 'New.Person@Example.com', password: 'long-enough-pw', name: 'New Person', organizationName: 'Kursy Polskie' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user.email).toBe('new.person@example.com');
    expect(body.organization).toMatchObject({ name: 'Kursy Polskie', feePercent: 0 });
    expect(body.token).toMatch(/^fyr_[A-Za-z0-9_-]{43}$/);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/foyer_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/foyer_csrf=/);
    const me = await h.call('GET', '/api/v1/auth/me', { token: body.token });
    expect(me.json()).toMatchObject({ user: { email: 'new.person@example.com' }, member: { role: 'owner' } });
  });

  it('refuses a second account with the same e-mail and weak passwords, naming the field', async () => {
    const org = await buildOrganization(h);
    const dup = await h.call('POST', '/api/v1/auth/signup', { body: { email: org.email, password: 'long-enough-pw', name: 'X', organizationName: 'Y' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('email_taken');
    const weak = await h.call('POST', '/api/v1/auth/signup', { body: { email: 'a@b.co', password: 'short', name: 'X', organizationName: 'Y' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.details.fields).toEqual([{ field: 'password', message: expect.stringContaining('10') }]);
  });

  it('logs in with the password only, and says nothing about which part was wrong', async () => {
    const org = await buildOrganization(h);
    const ok = await h.call('POST', '/api/v1/auth/login', { body: { email: org.email, password: org.password } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().organization.id).toBe(org.organization.id);
    const bad = await h.call('POST', '/api/v1/auth/login', { body: { email: org.email, password: 'wrong-password' } });
    const unknown = await h.call('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'wrong-password' } });
    expect(bad.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(bad.json().error).toEqual(unknown.json().error);
  });

  it('accepts the session cookie for reads but needs the CSRF header for writes', async () => {
    const org = await buildOrganization(h);
    const login = await h.call('POST', '/api/v1/auth/login', { body: { email: org.email, password: org.password } });
    const c = cookiesOf(login);
    const cookie = `foyer_session=${c.foyer_session}; foyer_csrf=${c.foyer_csrf}`;
    expect((await h.call('GET', '/api/v1/events', { headers: { cookie } })).statusCode).toBe(200);
    const body = { title: 'X', timeZone: 'UTC', format: 'online', kind: 'single', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' };
    const forged = await h.call('POST', '/api/v1/events', { headers: { cookie }, body });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_failed');
    const wrong = await h.call('POST', '/api/v1/events', { headers: { cookie, 'x-csrf-token': 'guess' }, body });
    expect(wrong.statusCode).toBe(403);
    const ok = await h.call('POST', '/api/v1/events', { headers: { cookie, 'x-csrf-token': c.foyer_csrf! }, body });
    expect(ok.statusCode).toBe(201);
    const out = await h.call('POST', '/api/v1/auth/logout', { headers: { cookie, 'x-csrf-token': c.foyer_csrf! } });
    expect(out.statusCode).toBe(204);
    expect((await h.call('GET', '/api/v1/events', { headers: { cookie } })).statusCode).toBe(401);
  });

  it('rejects missing, malformed and unknown bearer tokens with 401', async () => {
    expect((await h.call('GET', '/api/v1/events')).statusCode).toBe(401);
    expect((await h.call('GET', '/api/v1/events', { headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    const res = await h.call('GET', '/api/v1/events', { token: 'fyr_notarealtoken' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('stores only a hash of tokens and an argon2id password hash', async () => {
    const org = await buildOrganization(h);
    const r = await h.ctx.database.pool.query(`SELECT password_hash FROM users WHERE email = $1`, [org.email]);
    expect(r.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const t = await h.ctx.database.pool.query(`SELECT token_hash FROM auth_tokens WHERE token_hash = $1 OR token_hash = $2`, [org.token, org.token]);
    expect(t.rowCount).toBe(0);
  });
});
