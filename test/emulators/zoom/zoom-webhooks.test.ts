// Webhooks: Zoom's signature scheme, URL validation, and events raised by state changes.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, urlValidationAnswer, verifyZoomWebhook, type ZoomEmulator } from './zoom-emulator.js';
import { createRegistrationMeeting, zoomClient } from './test-client.js';

const SECRET = 'webhook-secret-token';
interface Received { headers: Record<string, string | string[] | undefined>; raw: string; body: any }

let emu: ZoomEmulator;
let receiver: Server | undefined;
afterEach(async () => {
  await emu?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = undefined;
});

/** A webhook endpoint that records requests and answers URL validation like Foyer should. */
async function startReceiver(answerValidation = true): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw);
      received.push({ headers: req.headers, raw, body });
      if (body.event === 'endpoint.url_validation' && answerValidation) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(urlValidationAnswer(body.payload.plainToken, SECRET)));
      } else {
        res.writeHead(200).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/webhooks/zoom`, received };
}

describe('webhooks', () => {
  it('signs v0:{timestamp}:{body} with HMAC-SHA256 like Zoom', async () => {
    emu = await startZoomEmulator();
    const { url, received } = await startReceiver();
    const result = await emu.sendWebhook(url, 'meeting.registration_cancelled', {
      object: { id: 85746065, registrant: { id: 'r1', email: 'a@example.org', first_name: 'A', last_name: 'B' } },
    }, SECRET);
    expect(result.status).toBe(200);
    const [{ headers, raw, body }] = received;
    const ts = String(headers['x-zm-request-timestamp']);
    expect(ts).toMatch(/^\d{10}$/);
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${raw}`).digest('hex')}`;
    expect(headers['x-zm-signature']).toBe(expected);
    expect(verifyZoomWebhook({ secret: SECRET, timestamp: ts, rawBody: raw, signature: expected })).toBe(true);
    expect(verifyZoomWebhook({ secret: 'other', timestamp: ts, rawBody: raw, signature: expected })).toBe(false);
    expect(body).toMatchObject({ event: 'meeting.registration_cancelled', payload: { account_id: emu.credentials.accountId } });
  });

  it('validates an endpoint through endpoint.url_validation', async () => {
    emu = await startZoomEmulator();
    const good = await startReceiver(true);
    expect((await emu.validateWebhookEndpoint(good.url, SECRET)).ok).toBe(true);
    const bad = await emu.validateWebhookEndpoint(good.url, 'a-different-secret');
    expect(bad.ok).toBe(false);
  });

  it('auto-sends registration_cancelled, updated and deleted events on state changes', async () => {
    const { url, received } = await startReceiver();
    emu = await startZoomEmulator({ webhook: { url, secretToken: SECRET } });
    const c = await zoomClient(emu);
    const m = await createRegistrationMeeting(c, emu);
    const { body: reg } = await c.call('POST', `/meetings/${m.id}/registrants`, { email: 'z@example.org', first_name: 'Z' });
    emu.portal.cancelRegistrant(m.id, 'z@example.org');
    await c.call('PATCH', `/meetings/${m.id}`, { topic: 'Moved' });
    emu.portal.deleteConference(m.id);
    await emu.webhooksIdle();
    const events = received.map((r) => r.body.event);
    expect(events).toEqual(['meeting.created', 'meeting.registration_created', 'meeting.registration_cancelled', 'meeting.updated', 'meeting.deleted']);
    const cancelled = received[2].body.payload;
    expect(cancelled.object).toMatchObject({ id: m.id, registrant: { id: reg.registrant_id, email: 'z@example.org' } });
    expect(cancelled.operator).toBe('owner@example.com');
    const updated = received[3].body.payload;
    expect(updated.object).toMatchObject({ id: m.id, topic: 'Moved' });
    expect(updated.old_object).toMatchObject({ id: m.id, topic: 'Foyer test' });
    for (const r of received) {
      const ts = String(r.headers['x-zm-request-timestamp']);
      expect(verifyZoomWebhook({ secret: SECRET, timestamp: ts, rawBody: r.raw, signature: String(r.headers['x-zm-signature']) })).toBe(true);
    }
  });

  it('exposes a control API for standalone use', async () => {
    emu = await startZoomEmulator();
    const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 502, path: '/oauth/token', times: 1 }) });
    expect(res.status).toBe(201);
    const token = await fetch(`${emu.url}/oauth/token?grant_type=account_credentials&account_id=x`, { method: 'POST' });
    expect(token.status).toBe(502);
    const state = await (await fetch(`${emu.url}/__emulator/state`)).json();
    expect(state.calls['POST /oauth/token']).toBe(1);
    expect(state.users.length).toBeGreaterThan(0);
  });
});
