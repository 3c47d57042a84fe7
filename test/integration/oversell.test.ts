import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';

/**
 * Never oversell (SPEC 2): hundreds of buyers at once against small capacities, on the
 * run's database (PGlite here, PostgreSQL when DATABASE_URL is set — CI runs both).
 * Requests go over real HTTP so they really are concurrent, through the full pool.
 */
let h: Harness;
let base: string;
beforeAll(async () => {
  h = await startHarness({ env: { DB_POOL_MAX: '20' } });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => h?.close());

async function storm(slug: string, n: number, body: (i: number) => Record<string, unknown>) {
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${base}/api/v1/public/events/${slug}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(i)) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })),
    ),
  );
  return results;
}

describe(`capacity under concurrency (${inject('databaseKind')})`, () => {
  it('sells exactly the ticket-type capacity to 300 concurrent buyers', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { capacity: 7 } });
    const results = await storm(event.slug, 300, () => ({ items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson() }));
    const created = results.filter((r) => r.status === 201);
    const soldOut = results.filter((r) => r.status === 409);
    expect(created).toHaveLength(7);
    expect(soldOut).toHaveLength(293);
    expect(soldOut.every((r) => r.body.error.code === 'sold_out')).toBe(true);
    const tt = await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token });
    expect(tt.json().data[0].sold).toBe(7);
    const att = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM attendees WHERE event_id = $1 AND status = 'active'`, [event.id]);
    expect(att.rows[0].n).toBe(7);
  });

  it('holds event capacity across two ticket types and multi-seat orders', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { event: { capacity: 10 } });
    const vip = await h.call('POST', `/api/v1/events/${event.id}/ticket-types`, { token, body: { name: 'VIP', price: { amount: 0, currency: 'PLN' } } });
    const types = [ticketType.id, vip.json().id];
    const results = await storm(event.slug, 200, (i) => {
      const quantity = 1 + (i % 3);
      return {
        items: [{ ticketTypeId: types[i % 2], quantity }],
        buyer: buildPerson(),
        attendees: Array.from({ length: quantity }, () => buildPerson()),
      };
    });
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const r = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM attendees WHERE event_id = $1 AND status = 'active'`, [event.id]);
    expect(r.rows[0].n).toBeLessThanOrEqual(10);
    expect(r.rows[0].n).toBeGreaterThanOrEqual(8); // at most a 3-seat order can be left unplaceable
    const ev = await h.ctx.database.pool.query(`SELECT reserved FROM events WHERE id = $1`, [event.id]);
    expect(ev.rows[0].reserved).toBe(r.rows[0].n);
  });

  it('books a capacity-1 slot exactly once among 150 concurrent patients', async () => {
    const start = new Date(Date.now() + 3 * 86400_000);
    const { event, ticketType } = await buildPublishedEvent(h, {
      event: {
        kind: 'bookable',
        startsAt: undefined,
        endsAt: undefined,
        sessions: [
          { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(), capacity: 1 },
          { startsAt: new Date(start.getTime() + 3600_000).toISOString(), endsAt: new Date(start.getTime() + 5400_000).toISOString(), capacity: 1 },
        ],
      },
    });
    const slot = event.sessions[0].id;
    const results = await storm(event.slug, 150, () => ({ items: [{ ticketTypeId: ticketType.id, quantity: 1, sessionId: slot }], buyer: buildPerson() }));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const s = await h.ctx.database.pool.query(`SELECT reserved FROM sessions WHERE id = $1`, [slot]);
    expect(s.rows[0].reserved).toBe(1);
  });

  it('lets one e-mail hold one seat even when it races itself', async () => {
    const { event, ticketType } = await buildPublishedEvent(h, { ticket: { capacity: 50 } });
    const same = buildPerson();
    const results = await storm(event.slug, 40, () => ({ items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: same }));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'duplicate_registrant')).toBe(true);
  });
});
