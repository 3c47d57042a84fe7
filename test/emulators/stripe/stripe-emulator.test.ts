import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { setupStripeTest } from './stripe-test-setup.js';

// Core flows with the real `stripe` SDK; hostile deliveries and faults are in stripe-deliveries.test.ts.
const t = setupStripeTest({ beforeAll, afterAll, beforeEach });
const { sessionParams } = t;
const sdk: typeof t.sdk = (...a) => t.sdk(...a);

describe('auth and permissions', () => {
  it('rejects unknown keys with 401 and missing permissions with 403 StripePermissionError', async () => {
    await expect(sdk('sk_test_wrong').balance.retrieve()).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
    const err = await sdk('rk_test_no_checkout').checkout.sessions.create(sessionParams()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect((err as Stripe.errors.StripeError).message).toContain("'rak_checkout_session_write'");
    expect((err as Stripe.errors.StripeError).rawType).toBe('invalid_request_error');
    await expect(sdk('rk_test_seller').refunds.create({ payment_intent: 'pi_x' })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('lets a seller key sell and check itself on /v1/balance, but /v1/account needs a KYC permission', async () => {
    const s = await sdk('rk_test_seller').checkout.sessions.create(sessionParams());
    expect(s.status).toBe('open');
    expect((await sdk('rk_test_seller').balance.retrieve()).object).toBe('balance');
    await expect(sdk('rk_test_seller').accounts.retrieveCurrent()).rejects.toMatchObject({ statusCode: 403 });
    expect((await sdk().accounts.retrieveCurrent()).id).toMatch(/^acct_/);
  });

  it('accepts Basic auth with the key as user name', async () => {
    const res = await fetch(`${t.emu.url}/v1/balance`, { headers: { authorization: `Basic ${Buffer.from('sk_test_emulator:').toString('base64')}` } });
    expect(res.status).toBe(200);
  });
});

describe('checkout sessions', () => {
  it('creates idempotently, completes, and delivers a webhook constructEvent accepts', async () => {
    const stripe = sdk();
    const a = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'order_1-attempt_1' });
    const b = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'order_1-attempt_1' });
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ status: 'open', payment_status: 'unpaid', amount_total: 5000, currency: 'eur', client_reference_id: 'order_1', payment_intent: null, metadata: { foyer_order_id: 'order_1' } });
    expect(a.url).toBe(`${t.emu.url}/c/pay/${a.id}`);
    expect(a.expires_at - a.created).toBe(24 * 3600);
    await expect(stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'order_2' }), { idempotencyKey: 'order_1-attempt_1' }))
      .rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);

    await t.emu.completeSession(a.id);
    expect(t.hook.received).toHaveLength(1);
    expect(t.hook.received[0].status).toBe(200);
    const event = t.hook.received[0].result as Stripe.Event;
    expect(event.type).toBe('checkout.session.completed');
    const obj = event.data.object as Stripe.Checkout.Session;
    expect(obj).toMatchObject({ id: a.id, status: 'complete', payment_status: 'paid', client_reference_id: 'order_1' });
    const pi = await stripe.paymentIntents.retrieve(String(obj.payment_intent));
    expect(pi).toMatchObject({ status: 'succeeded', amount: 5000, metadata: { foyer_order_id: 'order_1' } });
    const again = await stripe.checkout.sessions.retrieve(a.id, { expand: ['line_items'] });
    expect(again.line_items?.data[0]).toMatchObject({ quantity: 2, description: 'Webinar ticket', amount_total: 5000 });
  });

  it('expires through the API and by the clock, with checkout.session.expired', async () => {
    const stripe = sdk();
    const s = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    await t.emu.idle();
    expect((t.hook.received.at(-1)!.result as Stripe.Event).type).toBe('checkout.session.expired');
    await expect(stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 });

    const timed = await stripe.checkout.sessions.create(sessionParams({ expires_at: t.emu.nowSec() + 1800 }));
    t.emu.advanceClock(1801);
    expect(await t.emu.expireDueSessions()).toContain(timed.id);
    t.emu.advanceClock(-1801);
    await expect(stripe.checkout.sessions.create(sessionParams({ expires_at: t.emu.nowSec() + 600 }))).rejects.toMatchObject({ param: 'expires_at' });
  });

  it('declines as a delayed payment: completed/unpaid then async_payment_failed', async () => {
    const s = await sdk().checkout.sessions.create(sessionParams());
    await t.emu.declineSession(s.id);
    const types = t.hook.received.map((r) => (r.result as Stripe.Event).type);
    expect(types).toEqual(['checkout.session.completed', 'checkout.session.async_payment_failed']);
    expect(((t.hook.received[0].result as Stripe.Event).data.object as Stripe.Checkout.Session).payment_status).toBe('unpaid');
  });

  it('validates like Stripe: unknown params, zero-decimal currencies, minimums, HUF whole units', async () => {
    const stripe = sdk();
    await expect(stripe.checkout.sessions.create({ ...sessionParams(), bogus: 1 } as never)).rejects.toMatchObject({ code: 'parameter_unknown', param: 'bogus' });
    const jpy = await stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'jpy', unit_amount: 1500, product_data: { name: 'T' } }, quantity: 1 }] }));
    expect(jpy).toMatchObject({ amount_total: 1500, currency: 'jpy' });
    await expect(stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'jpy', unit_amount: 49, product_data: { name: 'T' } }, quantity: 1 }] })))
      .rejects.toMatchObject({ code: 'amount_too_small' });
    await expect(stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'huf', unit_amount: 1_000_050, product_data: { name: 'T' } }, quantity: 1 }] })))
      .rejects.toMatchObject({ statusCode: 400 });
    const krw = await stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'KRW' as 'krw', unit_amount: 10000, product_data: { name: 'T' } }, quantity: 1 }] }));
    expect(krw.currency).toBe('krw');
  });

  it('sells from created Products and Prices', async () => {
    const stripe = sdk('rk_test_seller');
    const product = await stripe.products.create({ name: 'Conference pass' }, { idempotencyKey: 'prod-1' });
    const price = await stripe.prices.create({ product: product.id, currency: 'pln', unit_amount: 4900 }, { idempotencyKey: 'price-1' });
    const s = await stripe.checkout.sessions.create(sessionParams({ line_items: [{ price: price.id, quantity: 3 }] }));
    expect(s).toMatchObject({ amount_total: 14700, currency: 'pln' });
  });

  it('serves a hosted page that redirects to success_url with the session id', async () => {
    const s = await sdk().checkout.sessions.create(sessionParams());
    expect((await fetch(s.url!)).status).toBe(200);
    const res = await fetch(`${s.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://foyer.test/orders/o1/return?session=${s.id}`);
    await t.emu.idle();
    expect((t.hook.received.at(-1)!.result as Stripe.Event).type).toBe('checkout.session.completed');
  });
});

describe('refunds and disputes', () => {
  it('refunds partially then fully, and rejects what Stripe rejects', async () => {
    const stripe = sdk();
    const s = await stripe.checkout.sessions.create(sessionParams());
    const paid = await t.emu.completeSession(s.id);
    const pi = String(paid.payment_intent);
    await expect(stripe.refunds.create({ payment_intent: pi, amount: 6000 })).rejects.toMatchObject({ code: 'amount_too_large', message: 'Refund amount (€60.00) is greater than charge amount (€50.00)' });
    const partial = await stripe.refunds.create({ payment_intent: pi, amount: 1500, reason: 'requested_by_customer' }, { idempotencyKey: 'refund-1' });
    expect(partial).toMatchObject({ object: 'refund', amount: 1500, status: 'succeeded', payment_intent: pi });
    const same = await stripe.refunds.create({ payment_intent: pi, amount: 1500, reason: 'requested_by_customer' }, { idempotencyKey: 'refund-1' });
    expect(same.id).toBe(partial.id);
    await expect(stripe.refunds.create({ payment_intent: pi, amount: 4000 })).rejects.toMatchObject({ code: 'amount_too_large' });
    const rest = await stripe.refunds.create({ payment_intent: pi });
    expect(rest.amount).toBe(3500);
    await expect(stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    await t.emu.idle();
    const refunded = t.hook.received.map((r) => r.result as Stripe.Event).filter((e) => e.type === 'charge.refunded');
    expect(refunded.map((e) => (e.data.object as Stripe.Charge).amount_refunded)).toEqual([1500, 5000]);
    expect((refunded[1].data.object as Stripe.Charge).refunded).toBe(true);
  });

  it('sends charge.dispute.created and then refuses refunds of the disputed charge', async () => {
    const s = await sdk().checkout.sessions.create(sessionParams());
    const paid = await t.emu.completeSession(s.id);
    await t.emu.createDispute(String(paid.payment_intent));
    expect((t.hook.received.at(-1)!.result as Stripe.Event).type).toBe('charge.dispute.created');
    await expect(sdk().refunds.create({ payment_intent: String(paid.payment_intent) })).rejects.toMatchObject({ code: 'charge_disputed' });
  });
});
