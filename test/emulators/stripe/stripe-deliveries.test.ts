import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startStripeEmulator } from './stripe-emulator.js';
import { setupStripeTest } from './stripe-test-setup.js';

// Hostile deliveries, ordering, secret rotation, faults and rate limits — with the real SDK.
const t = setupStripeTest({ beforeAll, afterAll, beforeEach });
const { SECRET, sessionParams } = t;

describe('hostile and unusual deliveries', () => {
  it('forged, stale, tampered and unsigned deliveries fail constructEvent; a replay passes (dedupe by event id)', async () => {
    const s = await t.sdk().checkout.sessions.create(sessionParams());
    await t.emu.completeSession(s.id);
    const eventId = t.emu.events('checkout.session.completed').at(-1)!.id;
    expect((await t.emu.deliverForged(eventId)).status).toBe(400);
    expect((await t.emu.deliverStale(eventId)).status).toBe(400);
    expect((await t.emu.deliverTampered(eventId)).status).toBe(400);
    expect((await t.emu.deliverUnsigned(eventId)).status).toBe(400);
    const replay = await t.emu.replay(eventId);
    expect(replay.status).toBe(200);
    expect((await t.emu.redeliver(eventId)).status).toBe(200);
    const accepted = t.hook.received.filter((r) => r.status === 200).map((r) => (r.result as Stripe.Event).id);
    expect(accepted).toEqual([eventId, eventId, eventId]);
  });

  it('can hold deliveries and release them out of order', async () => {
    const s = await t.sdk().checkout.sessions.create(sessionParams());
    t.emu.pauseWebhooks();
    await t.emu.declineSession(s.id);
    expect(t.hook.received).toHaveLength(0);
    await t.emu.flushWebhooks({ reverse: true });
    expect(t.hook.received.map((r) => (r.result as Stripe.Event).type)).toEqual(['checkout.session.async_payment_failed', 'checkout.session.completed']);
  });

  it('signs with every secret during rotation', async () => {
    const rot = await startStripeEmulator({ webhookSecret: ['whsec_new', SECRET] });
    const header = rot.sign('{"id":"evt_1"}');
    expect(header.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(t.verifier.webhooks.constructEvent('{"id":"evt_1"}', header, SECRET).id).toBe('evt_1');
    await rot.close();
  });
});

describe('faults and rate limits', () => {
  it('answers 429 StripeRateLimitError past the configured rate, and on a fault preset', async () => {
    const limited = await startStripeEmulator({ rateLimitPerSecond: 2 });
    const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: limited.port, protocol: 'http', maxNetworkRetries: 0 });
    await stripe.balance.retrieve();
    await stripe.balance.retrieve();
    await expect(stripe.balance.retrieve()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    await limited.close();
    t.emu.setFault({ path: '/v1/balance', preset: 'rate_limit', times: 1 });
    await expect(t.sdk('sk_test_emulator', { maxNetworkRetries: 0 }).balance.retrieve()).rejects.toMatchObject({ statusCode: 429, code: 'rate_limit' });
  });

  it('lock_timeout carries Stripe-Should-Retry, so the SDK retries it', async () => {
    t.emu.setFault({ path: '/v1/balance', preset: 'lock_timeout', times: 1 });
    expect((await t.sdk('sk_test_emulator', { maxNetworkRetries: 1 }).balance.retrieve()).object).toBe('balance');
  });

  it('a transient 500 is retried by the SDK with the same idempotency key and creates one session', async () => {
    t.emu.setFault({ method: 'POST', path: '/v1/checkout/sessions', preset: 'api_error', times: 1 });
    const before = t.emu.state.sessions.size;
    const s = await t.sdk('sk_test_emulator', { maxNetworkRetries: 2 }).checkout.sessions.create(sessionParams(), { idempotencyKey: 'retry-me' });
    expect(s.status).toBe('open');
    expect(t.emu.state.sessions.size).toBe(before + 1);
  });
});
