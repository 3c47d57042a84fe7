import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildEvent, buildOrganization, buildTicketType } from '../../../../test/factories.js';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  token = (await buildOrganization(h)).token;
});
afterAll(async () => h?.close());

const post = (body: Record<string, unknown>) => h.call('POST', '/api/v1/events', { token, body });

describe('events of every kind', () => {
  it('creates a single event with one session and a public URL', async () => {
    const e = await buildEvent(h, token, { title: 'Zoom workshop' });
    expect(e).toMatchObject({ kind: 'single', status: 'draft', format: 'online', timeZone: 'Europe/Warsaw' });
    expect(e.sessions).toHaveLength(1);
    expect(e.sessions[0].startsAt).toBe(e.startsAt);
    expect(e.url).toBe(`http://foyer.test/e/${e.slug}`);
    expect(e.slug).toMatch(/^zoom-workshop-[0-9a-f]{8}$/);
  });

  it('splits a multi-day event into one session per local day', async () => {
    const res = await post({ title: 'Conference', timeZone: 'Europe/Warsaw', format: 'hybrid', venue: 'Kraków, ICE', kind: 'multi_day', startsAt: '2027-03-01T09:00:00+01:00', endsAt: '2027-03-03T17:00:00+01:00' });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e.sessions.map((s: any) => [s.startsAt, s.endsAt])).toEqual([
      ['2027-03-01T08:00:00.000Z', '2027-03-01T16:00:00.000Z'],
      ['2027-03-02T08:00:00.000Z', '2027-03-02T16:00:00.000Z'],
      ['2027-03-03T08:00:00.000Z', '2027-03-03T16:00:00.000Z'],
    ]);
  });

  it('expands a weekly series in its time zone across the DST change', async () => {
    const res = await post({ title: 'Polish course', timeZone: 'Europe/Warsaw', format: 'online', kind: 'series', startsAt: '2027-03-16T18:00:00+01:00', endsAt: '2027-03-16T19:30:00+01:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=3' });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    // 18:00 local every week: UTC+1 before 28 March 2027, UTC+2 after.
    expect(e.sessions.map((s: any) => s.startsAt)).toEqual(['2027-03-16T17:00:00.000Z', '2027-03-23T17:00:00.000Z', '2027-03-30T16:00:00.000Z']);
    expect(e.sessions.every((s: any) => Date.parse(s.endsAt) - Date.parse(s.startsAt) === 90 * 60_000)).toBe(true);
    expect(e.recurrenceRule).toBe('FREQ=WEEKLY;COUNT=3');
  });

  it('accepts a series as an explicit list and a bookable event with staffed slots', async () => {
    const list = await post({ title: 'Lectures', timeZone: 'Asia/Tokyo', format: 'online', kind: 'series', sessions: [
      { startsAt: '2027-05-01T10:00:00+09:00', endsAt: '2027-05-01T11:00:00+09:00' },
      { startsAt: '2027-05-15T10:00:00+09:00', endsAt: '2027-05-15T11:00:00+09:00' },
    ] });
    expect(list.statusCode, list.body).toBe(201);
    expect(list.json().startsAt).toBe('2027-05-01T01:00:00.000Z');
    expect(list.json().endsAt).toBe('2027-05-15T02:00:00.000Z');
    const me = (await h.call('GET', '/api/v1/auth/me', { token })).json();
    const booking = await post({ title: 'Consultation', timeZone: 'Europe/Moscow', format: 'online', kind: 'bookable', sessions: [
      { startsAt: '2027-06-01T10:00:00+03:00', endsAt: '2027-06-01T10:30:00+03:00', capacity: 1, staffMemberId: me.member.id },
    ] });
    expect(booking.statusCode, booking.body).toBe(201);
    expect(booking.json().sessions[0]).toMatchObject({ capacity: 1, staffMemberId: me.member.id });
  });

  it('explains bad input field by field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '', timeZone: 'UTC', format: 'online', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z' }, 'title'],
      [{ title: 'X', timeZone: 'Mars/Olympus', format: 'online', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z' }, 'timeZone'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', startsAt: '2027-01-01 10:00', endsAt: '2027-01-01T11:00:00Z' }, 'startsAt'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T09:00:00Z' }, 'endsAt'],
      [{ title: 'X', timeZone: 'UTC', format: 'webcast', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z' }, 'format'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', kind: 'series', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z', recurrenceRule: 'FREQ=DAILY' }, 'recurrenceRule'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', kind: 'series', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z', recurrenceRule: 'FREQ=DAILY;COUNT=5000' }, 'recurrenceRule'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', kind: 'series', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z' }, 'recurrenceRule'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', startsAt: '2027-01-01T10:00:00Z' }, 'endsAt'],
      [{ title: 'X', timeZone: 'UTC', format: 'online', kind: 'bookable', sessions: [{ startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T11:00:00Z', staffMemberId: 'mem_nothere' }] }, 'sessions.0.staffMemberId'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(422);
      const err = res.json().error;
      expect(err.details.fields.map((f: any) => f.field), res.body).toContain(field);
      expect(err.message).toContain(field);
    }
    const malformed = await h.call('POST', '/api/v1/events', { token, body: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('bad_request');
  });

  it('publishes only with a ticket type, then cancels', async () => {
    const e = await buildEvent(h, token);
    const early = await h.call('POST', `/api/v1/events/${e.id}/publish`, { token });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('no_ticket_types');
    await buildTicketType(h, token, e.id);
    const pub = await h.call('POST', `/api/v1/events/${e.id}/publish`, { token });
    expect(pub.json().status).toBe('published');
    const pubView = await h.call('GET', `/api/v1/public/events/${e.slug}`);
    expect(pubView.statusCode).toBe(200);
    const cancel = await h.call('POST', `/api/v1/events/${e.id}/cancel`, { token, body: {} });
    expect(cancel.json().status).toBe('cancelled');
    const patch = await h.call('PATCH', `/api/v1/events/${e.id}`, { token, body: { title: 'Again' } });
    expect(patch.statusCode).toBe(409);
  });

  it('keeps drafts private and deletes only drafts without orders', async () => {
    const e = await buildEvent(h, token);
    expect((await h.call('GET', `/api/v1/public/events/${e.slug}`)).statusCode).toBe(404);
    expect((await h.call('DELETE', `/api/v1/events/${e.id}`, { token })).statusCode).toBe(204);
    expect((await h.call('GET', `/api/v1/events/${e.id}`, { token })).statusCode).toBe(404);
  });

  it('moves a single event, bumps its version and emits event.changed in the outbox', async () => {
    const e = await buildEvent(h, token);
    const startsAt = new Date(Date.parse(e.startsAt) + 3600_000).toISOString();
    const res = await h.call('PATCH', `/api/v1/events/${e.id}`, { token, body: { startsAt, title: 'Moved webinar' } });
    expect(res.statusCode, res.body).toBe(200);
    const moved = res.json();
    expect(moved.startsAt).toBe(startsAt);
    expect(Date.parse(moved.endsAt) - Date.parse(moved.startsAt)).toBe(90 * 60_000);
    expect(moved.sessions[0].startsAt).toBe(startsAt);
    expect(moved.version).toBe(e.version + 1);
    const ev = await h.ctx.database.pool.query(`SELECT payload FROM domain_events WHERE aggregate_id = $1 AND type = 'event.changed'`, [e.id]);
    expect(ev.rows).toHaveLength(1);
    expect(ev.rows[0].payload.changes.sort()).toEqual(['time', 'title']);
    // A description-only edit is not a change attendees must hear about.
    await h.call('PATCH', `/api/v1/events/${e.id}`, { token, body: { description: 'More details' } });
    const again = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_id = $1 AND type = 'event.changed'`, [e.id]);
    expect(again.rows[0].n).toBe(1);
  });

  it('manages slots of a bookable event and refuses to drop a booked one', async () => {
    const res = await post({ title: 'Tutoring', timeZone: 'Asia/Seoul', format: 'online', kind: 'bookable', startsAt: '2027-07-01T09:00:00+09:00', endsAt: '2027-07-31T18:00:00+09:00' });
    const e = res.json();
    expect(e.sessions).toHaveLength(0);
    const slot = await h.call('POST', `/api/v1/events/${e.id}/sessions`, { token, body: { startsAt: '2027-07-02T10:00:00+09:00', endsAt: '2027-07-02T11:00:00+09:00', capacity: 1 } });
    expect(slot.statusCode, slot.body).toBe(201);
    const moved = await h.call('PATCH', `/api/v1/events/${e.id}/sessions/${slot.json().id}`, { token, body: { startsAt: '2027-07-02T11:00:00+09:00', endsAt: '2027-07-02T12:00:00+09:00' } });
    expect(moved.json().startsAt).toBe('2027-07-02T02:00:00.000Z');
    const list = await h.call('GET', `/api/v1/events/${e.id}/sessions`, { token });
    expect(list.json().data).toHaveLength(1);
    expect((await h.call('DELETE', `/api/v1/events/${e.id}/sessions/${slot.json().id}`, { token })).statusCode).toBe(204);
    const single = await buildEvent(h, token);
    const refused = await h.call('POST', `/api/v1/events/${single.id}/sessions`, { token, body: { startsAt: '2027-07-02T10:00:00Z', endsAt: '2027-07-02T11:00:00Z' } });
    expect(refused.statusCode).toBe(409);
  });
});

describe('ticket types and price rules', () => {
  it('enforces minimum, per-currency maximum, zero-decimal currencies and one currency per event', async () => {
    const e = await buildEvent(h, token);
    const add = (price: unknown, extra: Record<string, unknown> = {}) => h.call('POST', `/api/v1/events/${e.id}/ticket-types`, { token, body: { name: 'T', price, ...extra } });
    expect((await add({ amount: 50, currency: 'PLN' })).json().error.code).toBe('price_too_low');
    expect((await add({ amount: 800001, currency: 'PLN' })).json().error.code).toBe('price_too_high');
    expect((await add({ amount: 12.5, currency: 'PLN' })).statusCode).toBe(422);
    expect((await add({ amount: 100, currency: 'XYZ' })).json().error.code).toBe('unsupported_currency');
    const ok = await add({ amount: 800000, currency: 'PLN' }, { discountedPrice: { amount: 600000, currency: 'PLN' }, capacity: 20 });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ price: { amount: 800000, currency: 'PLN' }, currentPrice: { amount: 600000, currency: 'PLN' }, capacity: 20, sold: 0 });
    expect((await add({ amount: 1000, currency: 'EUR' })).json().error.code).toBe('currency_mismatch');
    expect((await add({ amount: 1000, currency: 'PLN' }, { discountedPrice: { amount: 2000, currency: 'PLN' } })).statusCode).toBe(422);

    const jp = await buildEvent(h, token);
    const yen = (amount: number) => h.call('POST', `/api/v1/events/${jp.id}/ticket-types`, { token, body: { name: 'Y', price: { amount, currency: 'JPY' } } });
    expect((await yen(300000)).statusCode).toBe(201); // JPY has no minor unit: 300,000 yen is the maximum
    expect((await yen(300001)).json().error.code).toBe('price_too_high');
    const kr = await buildEvent(h, token);
    const won = await h.call('POST', `/api/v1/events/${kr.id}/ticket-types`, { token, body: { name: 'W', price: { amount: 3000000, currency: 'KRW' } } });
    expect(won.statusCode).toBe(201);
  });

  it('changes a price for new orders and refuses capacity below sold', async () => {
    const e = await buildEvent(h, token);
    const t = await buildTicketType(h, token, e.id, { price: { amount: 5000, currency: 'EUR' }, capacity: 5 });
    const res = await h.call('PATCH', `/api/v1/events/${e.id}/ticket-types/${t.id}`, { token, body: { price: { amount: 6000, currency: 'EUR' }, salesEndAt: '2030-01-01T00:00:00Z' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().price.amount).toBe(6000);
    expect(res.json().salesEndAt).toBe('2030-01-01T00:00:00.000Z');
  });
});
