import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';

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
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('audit log', () => {
  it('records event, ticket type and order changes with actor and before/after, per organisation', async () => {
    const { event, ticketType, token, user } = await buildPublishedEvent(h, { ticket: { price: { amount: 2500, currency: 'PLN' } } });
    expect((await h.call('PATCH', `/api/v1/events/${event.id}`, { token, body: { description: 'Now with slides' } })).statusCode).toBe(200);
    expect((await h.call('PATCH', `/api/v1/events/${event.id}/ticket-types/${ticketType.id}`, { token, body: { price: { amount: 3000, currency: 'PLN' } } })).statusCode).toBe(200);
    const order = (await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' })).json();
    expect((await h.call('POST', `/api/v1/orders/${order.order.id}/confirm`, { token, body: {} })).statusCode).toBe(200);

    const log = await waitFor(async () => {
      const r = (await h.call('GET', `/api/v1/audit-log?eventId=${event.id}`, { token })).json();
      return r.data.some((e: any) => e.action === 'order.completed') ? r : undefined;
    });
    const by = (action: string) => log.data.find((e: any) => e.action === action);
    expect(by('event.updated')).toMatchObject({
      eventId: event.id, actor: { type: 'member', name: user.name }, target: { type: 'event', id: event.id },
      before: { description: '' }, after: { description: 'Now with slides' },
    });
    expect(by('ticket_type.updated')).toMatchObject({ eventId: event.id, target: { type: 'ticket_type', id: ticketType.id }, before: { priceAmount: 2500 }, after: { priceAmount: 3000 } });
    expect(by('ticket_type.created')).toMatchObject({ after: { name: 'Standard', priceAmount: 2500 } });
    expect(by('order.completed')).toMatchObject({ actor: { type: 'member' }, target: { type: 'order', id: order.order.id }, before: { status: 'on_hold' }, after: { status: 'completed' } });
    expect(by('order.created')).toMatchObject({ actor: { type: 'buyer', id: null } });
    // Newest first.
    const times = log.data.map((e: any) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Pages follow the cursor without overlap.
    const first = (await h.call('GET', `/api/v1/audit-log?eventId=${event.id}&limit=2`, { token })).json();
    expect(first.data).toHaveLength(2);
    const second = (await h.call('GET', `/api/v1/audit-log?eventId=${event.id}&limit=2&before=${first.nextBefore}`, { token })).json();
    expect(second.data[0].id).toBe(log.data[2].id);

    // Organisation settings and members are audited too (no event).
    await h.call('PATCH', '/api/v1/organization', { token, body: { timeZone: 'Asia/Tokyo' } });
    await h.call('POST', '/api/v1/members', { token, body: { email: `staff-${event.id}@example.com`, role: 'staff' } });
    const org = await waitFor(async () => {
      const r = (await h.call('GET', '/api/v1/audit-log', { token })).json();
      return r.data.some((e: any) => e.action === 'member.added') && r.data.some((e: any) => e.action === 'organization.updated') ? r : undefined;
    });
    expect(org.data.find((e: any) => e.action === 'organization.updated')).toMatchObject({ eventId: null, after: { timeZone: 'Asia/Tokyo' } });
    expect(org.data.find((e: any) => e.action === 'member.added')).toMatchObject({ after: { role: 'staff' } });

    // Another organisation sees none of it and cannot filter by this event.
    const other = await buildPublishedEvent(h);
    const theirs = (await h.call('GET', '/api/v1/audit-log', { token: other.token })).json().data;
    expect(theirs.every((e: any) => e.eventId !== event.id && e.target.id !== ticketType.id)).toBe(true);
    expect((await h.call('GET', `/api/v1/audit-log?eventId=${event.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await h.call('GET', `/api/v1/audit-log?before=${first.nextBefore}`, { token: other.token })).json().data.every((e: any) => e.eventId !== event.id)).toBe(true);
  }, 180_000); // entries are written by jobs, which queue behind every other subscriber's on a busy run
});
