import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/api.js';
import { buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';
import { startPayUEmulator, type PayUEmulator } from '../emulators/payu/payu-emulator.js';
import { startZoomEmulator, type ZoomEmulator } from '../emulators/zoom/zoom-emulator.js';
import { paymentRef, startListeningHarness, waitFor, waitForStatus } from '../helpers/payments.js';

/**
 * External changes in the audit log (SPEC 6): a signed payment notification and Zoom webhooks
 * are recorded with the provider as actor, in the same transaction as the change they cause.
 */
let h: Harness;
let payu: PayUEmulator;
let zoom: ZoomEmulator;
let webhookUrl: string;
const WEBHOOK_SECRET = 'zoom-webhook-secret-audit';

beforeAll(async () => {
  payu = await startPayUEmulator();
  zoom = await startZoomEmulator();
  const started = await startListeningHarness({ PAYU_API_URL: payu.url, ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '2000' });
  h = started.h;
  webhookUrl = `${started.url}/webhooks/zoom`;
});
afterAll(async () => {
  await h?.close();
  await payu?.close();
  await zoom?.close();
});

const auditLog = async (token: string, eventId: string) => {
  const res = await h.call('GET', `/api/v1/audit-log?eventId=${eventId}&limit=200`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as any[];
};

describe('audit log of external changes', () => {
  it('records a PayU payment notification with the provider as actor', async () => {
    const org = await buildOrganization(h);
    expect((await h.call('PUT', '/api/v1/integrations/payu', { token: org.token, body: { posId: payu.posId, clientSecret: payu.clientSecret, secondKey: payu.secondKey } })).statusCode).toBe(200);
    const ev = await buildPublishedEvent(h, { token: org.token, event: { paymentMethods: ['payu'] }, ticket: { price: { amount: 9900, currency: 'PLN' } } });
    const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'payu' });
    expect(res.statusCode, res.body).toBe(201);
    const orderId = res.json().order.id;
    await payu.payOrder((await paymentRef(h, orderId)).ref).catch(() => undefined);
    await waitForStatus(h, ev.token, orderId, 'completed');

    const log = await auditLog(ev.token, ev.event.id);
    const completed = log.filter((e) => e.action === 'order.completed' && e.target.id === orderId);
    expect(completed).toEqual([expect.objectContaining({
      actor: { type: 'provider', id: 'payu', name: null, email: null },
      before: { status: 'awaiting_payment' },
      after: { status: 'completed' },
    })]);
    expect(log.find((e) => e.action === 'order.created' && e.target.id === orderId)).toMatchObject({ actor: { type: 'buyer' } });
  });

  it('records registrants cancelled and meetings changed in Zoom, and the organiser repairing them', async () => {
    const ev = await buildPublishedEvent(h);
    expect((await h.call('PUT', '/api/v1/integrations/zoom', { token: ev.token, body: { ...zoom.credentials, webhookSecretToken: WEBHOOK_SECRET } })).statusCode).toBe(200);
    const conf = (await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } })).json().data[0];
    const person = buildPerson();
    expect((await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: person })).statusCode).toBe(201);
    const registered = await waitFor(() => h.call('GET', `/api/v1/events/${ev.event.id}/registrations`, { token: ev.token }).then((r) => r.json()), (r) => r.summary.registered === 1, 60_000);
    expect(registered.summary.registered).toBe(1);

    zoom.setWebhookTarget({ url: webhookUrl, secretToken: WEBHOOK_SECRET });
    zoom.portal.cancelRegistrant(Number(conf.externalId), person.email);
    zoom.portal.updateConference(Number(conf.externalId), { topic: 'Renamed in Zoom' });
    await zoom.webhooksIdle();
    zoom.setWebhookTarget(null);
    // Zoom retries deliveries: a repeated webhook is one drift row and one audit entry.
    const last = zoom.state.webhookDeliveries.at(-1)!;
    await zoom.redeliverWebhook(last.id, WEBHOOK_SECRET);

    let log = await auditLog(ev.token, ev.event.id);
    const detected = log.filter((e) => e.action === 'conference.drift_detected');
    expect(detected.map((e) => e.details.kind).sort()).toEqual(['conference_updated', 'registrant_cancelled']);
    for (const e of detected) expect(e).toMatchObject({ actor: { type: 'provider', id: 'zoom' }, target: { type: 'conference', id: conf.id }, eventId: ev.event.id });
    expect(detected.find((e) => e.details.kind === 'registrant_cancelled')).toMatchObject({ details: { email: person.email, source: 'webhook', event: 'meeting.registration_cancelled' } });
    expect(detected.find((e) => e.details.kind === 'conference_updated')).toMatchObject({ after: { topic: 'Renamed in Zoom' }, before: { topic: ev.event.title } });

    const repair = await h.call('POST', `/api/v1/events/${ev.event.id}/drift/repair`, { token: ev.token, body: {} });
    expect(repair.statusCode, repair.body).toBe(200);
    log = await auditLog(ev.token, ev.event.id);
    const repaired = log.filter((e) => e.action === 'conference.drift_repaired');
    expect(repaired.map((e) => e.details.kind).sort()).toEqual(['conference_updated', 'registrant_cancelled']);
    for (const e of repaired) expect(e).toMatchObject({ actor: { type: 'member', id: expect.any(String) }, details: { outcome: 'repaired' } });
  }, 120_000);

  it('records linking a Zoom meeting, the one-click registration fix and removing the conference', async () => {
    const ev = await buildPublishedEvent(h);
    expect((await h.call('PUT', '/api/v1/integrations/zoom', { token: ev.token, body: { ...zoom.credentials, webhookSecretToken: WEBHOOK_SECRET } })).statusCode).toBe(200);
    const existing = zoom.portal.createConference('owner@example.com', 'meeting', { topic: 'Existing', type: 2, start_time: '2030-01-01T10:00:00Z', duration: 60 });
    const link = await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'zoom', mode: 'link', kind: 'meeting', meetingId: String(existing.id) } });
    expect(link.statusCode, link.body).toBe(200);
    const conf = link.json().data[0];
    expect((await h.call('POST', `/api/v1/events/${ev.event.id}/conferences/${conf.id}/enable-registration`, { token: ev.token })).statusCode).toBe(200);
    expect((await h.call('DELETE', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token })).statusCode).toBe(204);

    const log = await auditLog(ev.token, ev.event.id);
    const member = expect.objectContaining({ type: 'member', id: expect.any(String) });
    expect(log.filter((e) => e.action === 'conference.linked')).toEqual([expect.objectContaining({ actor: member, details: expect.objectContaining({ conferenceId: conf.id, provider: 'zoom' }) })]);
    expect(log.filter((e) => e.action === 'conference.registration_enabled')).toEqual([expect.objectContaining({ actor: member, target: { type: 'conference', id: conf.id }, before: { registrationEnabled: false }, after: { registrationEnabled: true } })]);
    expect(log.filter((e) => e.action === 'conference.removed')).toEqual([expect.objectContaining({ actor: member, target: { type: 'conference', id: conf.id }, before: expect.objectContaining({ provider: 'zoom', mode: 'linked', externalId: String(existing.id) }) })]);
  });
});
