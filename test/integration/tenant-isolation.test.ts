import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';

/**
 * Every organiser route with an ID in its path is called by organisation B with
 * organisation A's IDs, for every method; each must answer 404 and change nothing.
 * Routes are read from the running app, so a new route is covered without editing this.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('tenant isolation', () => {
  it("answers 404 to another organisation's IDs on every organiser route", async () => {
    const a = await buildPublishedEvent(h, { ticket: { price: { amount: 2000, currency: 'PLN' } } });
    const buyer = buildPerson();
    const order = (await placeOrder(h, a.event.slug, { items: [{ ticketTypeId: a.ticketType.id, quantity: 1 }], buyer, paymentMethod: 'manual' })).json();
    const detail = (await h.call('GET', `/api/v1/orders/${order.order.id}`, { token: a.token })).json();
    const members = (await h.call('GET', '/api/v1/members', { token: a.token })).json().data;
    // A conference of A's (Jitsi: no configuration needed) for routes that take a conferenceId.
    const conference = (await h.call('PUT', `/api/v1/events/${a.event.id}/conference`, { token: a.token, body: { mode: 'generate' } })).json().data[0];
    const promo = (await h.call('POST', `/api/v1/events/${a.event.id}/promo-codes`, { token: a.token, body: { code: 'TENANT10', percentOff: 10 } })).json();
    // An attendee import of A's for GET /api/v1/imports/:importId.
    const imported = (await h.call('POST', `/api/v1/events/${a.event.id}/attendees/import`, { token: a.token, body: { csv: 'first name,last name,e-mail,ticket type\nIra,Import,ira-import@example.com,Standard' } })).json();
    const ids: Record<string, string> = {
      eventId: a.event.id,
      importId: imported.importId,
      sessionId: a.event.sessions[0].id,
      ticketTypeId: a.ticketType.id,
      orderId: order.order.id,
      attendeeId: detail.attendees[0].id,
      memberId: members[0].id,
      conferenceId: conference.id,
      key: 'order_confirmation',
      promoCodeId: promo.id,
    };
    const b = await buildOrganization(h);

    const routes: { method: string; url: string }[] = [];
    const printed = h.app.printRoutes({ commonPrefix: false });
    expect(printed.length).toBeGreaterThan(0);
    // Fastify keeps route definitions; collect those under /api/v1 that take an organiser ID.
    for (const r of (h.app as any)[Symbol.for('foyer.routes')] ?? []) routes.push(r);
    expect(routes.length).toBeGreaterThan(10);

    // Valid bodies, so each request reaches the tenant check instead of stopping at validation.
    const when = { startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' };
    const bodies: Record<string, unknown> = {
      'PATCH /api/v1/members/:memberId': { role: 'staff' },
      'PATCH /api/v1/events/:eventId': { title: 'Hijacked' },
      'POST /api/v1/events/:eventId/sessions': when,
      'PATCH /api/v1/events/:eventId/sessions/:sessionId': when,
      'POST /api/v1/events/:eventId/ticket-types': { name: 'Free', price: { amount: 0, currency: 'PLN' } },
      'PATCH /api/v1/events/:eventId/ticket-types/:ticketTypeId': { name: 'Hijacked' },
      'POST /api/v1/orders/:orderId/refund': { amount: 1 },
      'POST /api/v1/events/:eventId/attendees/import': { csv: 'first name,last name,e-mail,ticket type\nEve,Hijack,eve@example.com,Standard' },
      'PUT /api/v1/events/:eventId/conference': { mode: 'generate' },
      'PUT /api/v1/events/:eventId/sessions/:sessionId/conference': { mode: 'generate' },
      'PUT /api/v1/members/:memberId/conferencing': { provider: 'jitsi' },
      'PUT /api/v1/events/:eventId/email-templates/:key': { enabled: false },
      'POST /api/v1/attendees/:attendeeId/resend': { kind: 'ticket' },
      'POST /api/v1/events/:eventId/resend': { kind: 'ticket' },
      'POST /api/v1/events/:eventId/promo-codes': { code: 'HIJACK', percentOff: 50 },
    };
    const tested: string[] = [];
    for (const r of routes) {
      const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (!r.url.startsWith('/api/v1/') || r.url.startsWith('/api/v1/public/') || !params.length) continue;
      // Parameters that name a kind of thing (a template key), not a tenant's record: the caller's own.
      if (params.every((p) => p === 'key')) continue;
      const url = r.url.replace(/:(\w+)/g, (_: string, p: string) => {
        if (!ids[p]) throw new Error(`tenant test has no ID for :${p} in ${r.url}; add one`);
        return ids[p]!;
      });
      const res = await h.call(r.method, url, { token: b.token, body: r.method === 'GET' || r.method === 'DELETE' ? undefined : (bodies[`${r.method} ${r.url}`] ?? {}) });
      expect(res.statusCode, `${r.method} ${r.url} → ${res.statusCode} ${res.body}`).toBe(404);
      tested.push(`${r.method} ${r.url}`);
    }
    expect(tested.length).toBeGreaterThanOrEqual(15);

    // Nothing of A's changed.
    const still = (await h.call('GET', `/api/v1/orders/${order.order.id}`, { token: a.token })).json();
    expect(still.status).toBe('on_hold');
    expect((await h.call('GET', `/api/v1/events/${a.event.id}`, { token: a.token })).json().status).toBe('published');
    expect((await h.call('GET', '/api/v1/members', { token: a.token })).json().data).toHaveLength(1);
    // And B's own lists do not show A's data.
    expect((await h.call('GET', '/api/v1/events', { token: b.token })).json().data).toHaveLength(0);
  });
});
