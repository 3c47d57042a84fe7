import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const auditLog = async (token: string, query = '') => {
  const res = await h.call('GET', `/api/v1/audit-log${query}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('audit log', () => {
  it('records event, ticket type and order changes with actor and before/after, per organisation', async () => {
    const { event, ticketType, token, user } = await buildPublishedEvent(h, { ticket: { price: { amount: 2500, currency: 'PLN' } } });
    expect((await h.call('PATCH', `/api/v1/events/${event.id}`, { token, body: { description: 'Now with slides' } })).statusCode).toBe(200);
    expect((await h.call('PATCH', `/api/v1/events/${event.id}/ticket-types/${ticketType.id}`, { token, body: { price: { amount: 3000, currency: 'PLN' } } })).statusCode).toBe(200);
    const order = (await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' })).json();
    expect((await h.call('POST', `/api/v1/orders/${order.order.id}/confirm`, { token, body: {} })).statusCode).toBe(200);

    // Written in the transaction of each change: in the log as soon as the request returns.
    const log = await auditLog(token, `?eventId=${event.id}`);
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
    const org = await auditLog(token);
    expect(org.data.find((e: any) => e.action === 'organization.updated')).toMatchObject({ eventId: null, after: { timeZone: 'Asia/Tokyo' } });
    expect(org.data.find((e: any) => e.action === 'member.added')).toMatchObject({ after: { role: 'staff' } });

    // Another organisation sees none of it and cannot filter by this event.
    const other = await buildPublishedEvent(h);
    const theirs = (await h.call('GET', '/api/v1/audit-log', { token: other.token })).json().data;
    expect(theirs.every((e: any) => e.eventId !== event.id && e.target.id !== ticketType.id)).toBe(true);
    expect((await h.call('GET', `/api/v1/audit-log?eventId=${event.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await h.call('GET', `/api/v1/audit-log?before=${first.nextBefore}`, { token: other.token })).json().data.every((e: any) => e.eventId !== event.id)).toBe(true);
  });

  it('records rejections, refunds, attendee cancellations, imports and event cancellation with reasons', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 4000, currency: 'PLN' } } });
    const buy = (n = 1) => placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: n }], buyer: buildPerson(), attendees: Array.from({ length: n }, () => buildPerson()), paymentMethod: 'manual' }).then((r) => r.json());
    const rejected = await buy();
    expect((await h.call('POST', `/api/v1/orders/${rejected.order.id}/reject`, { token, body: { reason: 'no transfer arrived' } })).statusCode).toBe(200);
    const refunded = await buy(2);
    await h.call('POST', `/api/v1/orders/${refunded.order.id}/confirm`, { token, body: {} });
    const attendees = (await h.call('GET', `/api/v1/orders/${refunded.order.id}`, { token })).json().attendees;
    expect((await h.call('POST', `/api/v1/attendees/${attendees[1].id}/cancel`, { token, body: { reason: 'asked by phone' } })).statusCode).toBe(204);
    expect((await h.call('POST', `/api/v1/orders/${refunded.order.id}/refund`, { token, body: { amount: 1500 } })).statusCode).toBe(200);
    const imported = await h.call('POST', `/api/v1/events/${event.id}/attendees/import`, { token, body: { csv: `first name,last name,e-mail,ticket type\nAnna,Nowak,audit-${event.id}@example.com,Standard\n` } });
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await h.call('POST', `/api/v1/events/${event.id}/cancel`, { token, body: { reason: 'speaker ill' } })).statusCode).toBe(200);

    const log = (await auditLog(token, `?eventId=${event.id}&limit=200`)).data;
    const one = (action: string, targetId?: string) => {
      const found = log.filter((e: any) => e.action === action && (!targetId || e.target.id === targetId));
      expect(found, action).toHaveLength(1);
      return found[0];
    };
    const member = { type: 'member', id: expect.any(String), email: expect.any(String) };
    expect(one('order.cancelled', rejected.order.id)).toMatchObject({ actor: member, before: { status: 'on_hold' }, after: { status: 'cancelled' }, details: { reason: 'no transfer arrived', rejected: true } });
    expect(one('attendee.cancelled', attendees[1].id)).toMatchObject({ actor: member, details: { orderId: refunded.order.id, reason: 'asked by phone' } });
    expect(one('order.partially_refunded', refunded.order.id)).toMatchObject({ actor: member, after: { status: 'partially_refunded' }, details: { amount: 1500, currency: 'PLN' } });
    // One entry for the import, not one per created order.
    expect(one('attendees.imported')).toMatchObject({ actor: member, target: { type: 'event', id: event.id }, details: { importId: imported.json().importId, orders: 1, attendees: 1 } });
    expect(log.filter((e: any) => e.details?.source === 'import')).toEqual([]);
    expect(one('event.cancelled')).toMatchObject({ actor: member, details: { reason: 'speaker ill' } });
  });
});
