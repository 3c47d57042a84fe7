import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Harness } from './helpers/api.js';

const uniq = () => randomBytes(5).toString('hex');

export async function buildOrganization(h: Harness, overrides: Partial<{ email: string; name: string; organizationName: string; password: string }> = {}) {
  const body = { email: `owner-${uniq()}@example.com`, password: 'correct-horse-battery', name: 'Olga Owner', organizationName: `Org ${uniq()}`, ...overrides };
  const res = await h.call('POST', '/api/v1/auth/signup', { body });
  expect(res.statusCode, res.body).toBe(201);
  const json = res.json();
  return { token: json.token as string, organization: json.organization, user: json.user, email: body.email, password: body.password };
}

export async function buildEvent(h: Harness, token: string, overrides: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + 7 * 86400_000);
  start.setUTCMinutes(0, 0, 0);
  const body = {
    title: `Webinar ${uniq()}`,
    timeZone: 'Europe/Warsaw',
    format: 'online',
    kind: 'single',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
    ...overrides,
  };
  const res = await h.call('POST', '/api/v1/events', { token, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function buildTicketType(h: Harness, token: string, eventId: string, overrides: Record<string, unknown> = {}) {
  const res = await h.call('POST', `/api/v1/events/${eventId}/ticket-types`, {
    token,
    body: { name: 'Standard', price: { amount: 0, currency: 'PLN' }, ...overrides },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** An organisation with a published event and one ticket type, ready to sell. */
export async function buildPublishedEvent(h: Harness, opts: { event?: Record<string, unknown>; ticket?: Record<string, unknown>; token?: string } = {}) {
  const org = opts.token ? { token: opts.token } : await buildOrganization(h);
  const event = await buildEvent(h, org.token, opts.event);
  const ticketType = await buildTicketType(h, org.token, event.id, opts.ticket);
  const pub = await h.call('POST', `/api/v1/events/${event.id}/publish`, { token: org.token });
  expect(pub.statusCode, pub.body).toBe(200);
  return { ...org, event, ticketType };
}

export function buildPerson(overrides: Partial<{ firstName: string; lastName: string; email: string }> = {}) {
  return { firstName: 'Ada', lastName: 'Lovelace', email: `ada-${uniq()}@example.com`, ...overrides };
}

export async function placeOrder(h: Harness, slug: string, body: Record<string, unknown>) {
  return h.call('POST', `/api/v1/public/events/${slug}/orders`, { body });
}
