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

  it('records promo codes, credentials (never their secrets), conferencing accounts, templates and resends', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { price: { amount: 4000, currency: 'PLN' } } });
    const promo = await h.call('POST', `/api/v1/events/${event.id}/promo-codes`, { token, body: { code: 'EARLY', percentOff: 10 } });
    expect(promo.statusCode, promo.body).toBe(201);
    expect((await h.call('PATCH', `/api/v1/events/${event.id}/promo-codes/${promo.json().id}`, { token, body: { percentOff: 20, maxUses: 5 } })).statusCode).toBe(200);
    const zoomSecret = `zoom-client-secret-${event.id}`;
    expect((await h.call('PUT', '/api/v1/integrations/zoom', { token, body: { accountId: 'acc-1', clientId: 'client-1', clientSecret: zoomSecret, webhookSecretToken: `hook-${zoomSecret}` } })).statusCode).toBe(200);
    expect((await h.call('PUT', '/api/v1/integrations/zoom', { token, body: { accountId: 'acc-2', clientId: 'client-1' } })).statusCode).toBe(200);
    const link = await h.call('PUT', '/api/v1/conferencing/default', { token, body: { provider: 'custom_link', url: 'https://meet.example.com/a', password: 'pass-1234' } });
    expect(link.statusCode, link.body).toBe(200);
    expect((await h.call('PUT', '/api/v1/conferencing/default', { token, body: { provider: 'custom_link', url: 'https://meet.example.com/b', password: 'pass-1234' } })).statusCode).toBe(200);
    expect((await h.call('PUT', `/api/v1/events/${event.id}/email-templates/order_confirmation`, { token, body: { locale: 'en', subject: 'Your ticket for {{ event.title }}' } })).statusCode).toBe(200);
    expect((await h.call('DELETE', `/api/v1/events/${event.id}/email-templates/order_confirmation`, { token })).statusCode).toBe(204);
    const order = (await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' })).json();
    await h.call('POST', `/api/v1/orders/${order.order.id}/confirm`, { token, body: {} });
    const attendee = (await h.call('GET', `/api/v1/orders/${order.order.id}`, { token })).json().attendees[0];
    expect((await h.call('POST', `/api/v1/attendees/${attendee.id}/resend`, { token, body: { kind: 'ticket' } })).statusCode).toBe(202);

    const res = await h.call('GET', '/api/v1/audit-log?limit=200', { token });
    expect(res.body).not.toContain(zoomSecret);
    expect(res.body).not.toContain('pass-1234');
    const log = res.json().data;
    const find = (action: string) => log.filter((e: any) => e.action === action);
    const member = { type: 'member', id: expect.any(String) };
    expect(find('promo_code.created')).toEqual([expect.objectContaining({ actor: expect.objectContaining(member), eventId: event.id, after: expect.objectContaining({ code: 'EARLY', percentOff: 10 }) })]);
    expect(find('promo_code.updated')).toEqual([expect.objectContaining({ before: { percentOff: 10, maxUses: null }, after: { percentOff: 20, maxUses: 5 } })]);
    const zoom = find('integration.saved');
    expect(zoom.map((e: any) => [e.before, e.after?.accountId])).toEqual([[{ accountId: 'acc-1' }, 'acc-2'], [null, 'acc-1']]);
    expect(zoom[1].details).toMatchObject({ provider: 'zoom', secretsSet: ['clientSecret', 'webhookSecretToken'] });
    expect(find('conferencing_account.saved').map((e: any) => [e.before, e.after])).toEqual([
      [{ url: 'https://meet.example.com/a' }, { url: 'https://meet.example.com/b' }],
      [null, { provider: 'custom_link', url: 'https://meet.example.com/a', password: '(set)' }],
    ]);
    expect(find('email_template.saved')).toEqual([expect.objectContaining({ eventId: event.id, details: expect.objectContaining({ key: 'order_confirmation', level: 'event' }), after: expect.objectContaining({ texts: { en: { subject: 'Your ticket for {{ event.title }}' } } }) })]);
    expect(find('email_template.removed')).toHaveLength(1);
    expect(find('attendee.resent')).toEqual([expect.objectContaining({ actor: expect.objectContaining(member), eventId: event.id, target: { type: 'attendee', id: attendee.id }, details: expect.objectContaining({ kind: 'ticket' }) })]);
    // The event filter returns the event's entries only, organisation-wide ones (credentials, accounts) stay out.
    const forEvent = (await auditLog(token, `?eventId=${event.id}&limit=200`)).data;
    expect(forEvent.every((e: any) => e.eventId === event.id)).toBe(true);
    expect(forEvent.map((e: any) => e.action)).toEqual(expect.arrayContaining(['promo_code.created', 'email_template.saved', 'attendee.resent', 'order.completed']));
    expect(forEvent.some((e: any) => e.action === 'integration.saved' || e.action === 'conferencing_account.saved')).toBe(false);
  });

  it('records sessions added, changed (any field, once) and removed with before/after', async () => {
    const day = (d: number) => {
      const t = new Date(Date.now() + (10 + d) * 86400_000);
      t.setUTCHours(9, 0, 0, 0);
      return { startsAt: t.toISOString(), endsAt: new Date(t.getTime() + 3600_000).toISOString() };
    };
    const { event, token } = await buildPublishedEvent(h, { event: { kind: 'multi_day', ...day(0), sessions: [day(0), day(1)] } });
    const added = await h.call('POST', `/api/v1/events/${event.id}/sessions`, { token, body: day(2) });
    expect(added.statusCode, added.body).toBe(201);
    const sid = added.json().id;
    expect((await h.call('PATCH', `/api/v1/events/${event.id}/sessions/${sid}`, { token, body: { capacity: 40 } })).statusCode).toBe(200);
    expect((await h.call('PATCH', `/api/v1/events/${event.id}/sessions/${sid}`, { token, body: { startsAt: day(3).startsAt, endsAt: day(3).endsAt } })).statusCode).toBe(200);
    expect((await h.call('DELETE', `/api/v1/events/${event.id}/sessions/${sid}`, { token })).statusCode).toBe(204);

    const log = (await auditLog(token, `?eventId=${event.id}`)).data;
    const of = (action: string) => log.filter((e: any) => e.action === action && (e.details.sessionId === sid));
    expect(of('session.added')).toEqual([expect.objectContaining({ after: { startsAt: day(2).startsAt, endsAt: day(2).endsAt, capacity: null, staffMemberId: null } })]);
    expect(of('session.updated').map((e: any) => [e.before, e.after])).toEqual([
      [{ startsAt: expect.any(String), endsAt: expect.any(String) }, { startsAt: expect.any(String), endsAt: expect.any(String) }],
      [{ capacity: null }, { capacity: 40 }],
    ]);
    expect(Date.parse(of('session.updated')[0].after.startsAt)).toBe(Date.parse(day(3).startsAt));
    expect(of('session.removed')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ type: 'member' }), before: expect.objectContaining({ capacity: 40 }) })]);
    expect(log.some((e: any) => e.action === 'session.changed')).toBe(false);
  });
});
