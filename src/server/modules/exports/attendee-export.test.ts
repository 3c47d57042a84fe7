import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';
import { seedAttendees } from '../../../../test/helpers/seed-attendees.js';
import { EXPORT_BATCH, prefersCsv } from './attendee-export.service.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 300));
  }
}

const rowsOf = (payload: Buffer) => parse(payload, { bom: true, columns: true }) as Record<string, string>[];

describe('attendee CSV export', () => {
  it('exports Polish, Japanese, Russian and Korean names as UTF-8 with a BOM, by path and by Accept', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h);
    const people = [
      buildPerson({ firstName: 'Zażółć', lastName: 'Gęśląjaźń' }),
      buildPerson({ firstName: '太郎', lastName: '山田' }),
      buildPerson({ firstName: 'Иван', lastName: 'Петров' }),
      buildPerson({ firstName: '민준', lastName: '김, "주니어"' }),
    ];
    const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 4 }], buyer: people[0], attendees: people });
    expect(res.statusCode, res.body).toBe(201);

    const csv = await h.call('GET', `/api/v1/events/${event.id}/attendees.csv`, { token });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain(`attendees-${event.slug}.csv`);
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(csv.rawPayload);
    expect(rows.map((r) => [r['first name'], r['last name']])).toEqual(people.map((p) => [p.firstName, p.lastName]));
    expect(rows[0]).toMatchObject({
      'e-mail': people[0]!.email, 'ticket type': 'Standard', 'order id': res.json().order.id, 'buyer e-mail': people[0]!.email,
      'is buyer': 'yes', 'attendee status': 'active', 'ticket status': 'valid', 'order status': 'completed', 'payment status': 'free',
      'order source': 'checkout', 'registration status': '', 'join url': '', 'session start': '',
    });
    expect(rows[1]!['is buyer']).toBe('no');

    const negotiated = await h.call('GET', `/api/v1/events/${event.id}/attendees`, { token, headers: { accept: 'text/csv' } });
    expect(negotiated.headers['content-type']).toContain('text/csv');
    expect(rowsOf(negotiated.rawPayload).map((r) => r['attendee id'])).toEqual(rows.map((r) => r['attendee id']));
    // The JSON list is unchanged.
    const json = await h.call('GET', `/api/v1/events/${event.id}/attendees`, { token });
    expect(json.json().data).toHaveLength(4);
    expect((await h.call('GET', `/api/v1/events/${event.id}/attendees`, { token, headers: { accept: 'application/json, text/csv' } })).json().data).toHaveLength(4);
  });

  it('leaves unpaid orders out unless asked, and adds billing columns on request', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 2500, currency: 'PLN' } } });
    const paid = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson({ lastName: 'Paid' }), paymentMethod: 'manual', billing: { company: 'Łódź Sp. z o.o.', vatId: 'PL1234567890' } });
    await h.call('POST', `/api/v1/orders/${paid.json().order.id}/confirm`, { token, body: {} });
    await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson({ lastName: 'Unpaid' }), paymentMethod: 'manual' });

    const plain = rowsOf((await h.call('GET', `/api/v1/events/${event.id}/attendees.csv`, { token })).rawPayload);
    expect(plain.map((r) => r['last name'])).toEqual(['Paid']);
    expect(plain[0]!['payment status']).toBe('paid');
    expect(Object.keys(plain[0]!).some((k) => k.startsWith('billing'))).toBe(false);

    const all = rowsOf((await h.call('GET', `/api/v1/events/${event.id}/attendees.csv?includeUnpaid=true&includeBilling=true`, { token })).rawPayload);
    // The same options through content negotiation on the JSON path.
    const negotiated = rowsOf((await h.call('GET', `/api/v1/events/${event.id}/attendees?includeUnpaid=true&includeBilling=true`, { token, headers: { accept: 'text/csv' } })).rawPayload);
    expect(negotiated).toEqual(all);
    expect(all.map((r) => r['last name']).sort()).toEqual(['Paid', 'Unpaid']);
    const byName = Object.fromEntries(all.map((r) => [r['last name'], r]));
    expect(byName.Unpaid).toMatchObject({ 'order status': 'on_hold', 'payment status': 'unpaid', 'ticket status': 'pending', 'billing company': '', 'billing vatId': '' });
    expect(byName.Paid).toMatchObject({ 'billing company': 'Łódź Sp. z o.o.', 'billing vatId': 'PL1234567890' });
  });

  it('walks every batch without losing or repeating a row', async () => {
    const { event, ticketType, token, organization } = await buildPublishedEvent(h);
    const n = EXPORT_BATCH * 2 + 37;
    await seedAttendees(h.ctx.database.pool, { organizationId: organization.id, eventId: event.id, ticketTypeId: ticketType.id, n, perOrder: 3 });
    const rows = rowsOf((await h.call('GET', `/api/v1/events/${event.id}/attendees.csv`, { token })).rawPayload);
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r['attendee id'])).size).toBe(n);
    // Companions follow their buyer.
    expect(rows.slice(0, 3).map((r) => r['order id'])).toEqual(Array(3).fill(rows[0]!['order id']));
  });

  it('fills registration status and join URL once the attendee is registered with the conference', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h);
    const conf = await h.call('PUT', `/api/v1/events/${event.id}/conference`, { token, body: { mode: 'generate' } });
    expect(conf.statusCode, conf.body).toBe(200);
    const person = buildPerson();
    expect((await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: person })).statusCode).toBe(201);
    const row = await waitFor(async () => {
      const r = rowsOf((await h.call('GET', `/api/v1/events/${event.id}/attendees.csv`, { token })).rawPayload)[0];
      return r?.['registration status'] === 'registered' ? r : undefined;
    });
    expect(row['join url']).toMatch(/^https?:\/\//);
    expect((await h.call('GET', `/api/v1/events/${event.id}/stats`, { token })).json().registrations).toMatchObject({ registered: 1, pending: 0 });
  }, 120_000);

  it('negotiates CSV only when the client ranks it above JSON', () => {
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('text/csv; charset=utf-8')).toBe(true);
    expect(prefersCsv('text/csv, application/json')).toBe(true);
    expect(prefersCsv('application/json, text/csv')).toBe(false);
    expect(prefersCsv('text/csv;q=0.5, application/json')).toBe(false);
    expect(prefersCsv('application/json;q=0.2, text/csv')).toBe(true);
    expect(prefersCsv('text/csv;q=0')).toBe(false);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv(undefined)).toBe(false);
  });

  it("answers 404 for another organisation's event", async () => {
    const a = await buildPublishedEvent(h);
    const b = await buildPublishedEvent(h);
    const res = await h.call('GET', `/api/v1/events/${a.event.id}/attendees.csv`, { token: b.token });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
