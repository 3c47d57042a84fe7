/** Shared setup of the Stripe emulator tests: emulator, a verifying webhook receiver, SDK factory. */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from './stripe-emulator.js';
import { startReceiver } from '../shared/webhook-receiver.js';

type Hook = (fn: () => unknown) => void;

export function setupStripeTest(hooks: { beforeAll: Hook; afterAll: Hook; beforeEach: Hook }) {
  const SECRET = 'whsec_test_foyer';
  const t = {
    SECRET,
    emu: undefined as unknown as StripeEmulator,
    hook: undefined as unknown as Awaited<ReturnType<typeof startReceiver>>,
    verifier: new Stripe('sk_test_unused'),
    sdk: (key = 'sk_test_emulator', extra: Record<string, unknown> = {}) =>
      new Stripe(key, { host: '127.0.0.1', port: t.emu.port, protocol: 'http', telemetry: false, ...extra }),
    sessionParams: (over: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams => ({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'eur', unit_amount: 2500, product_data: { name: 'Webinar ticket' } }, quantity: 2 }],
      success_url: 'https://foyer.test/orders/o1/return?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://foyer.test/orders/o1/cancel',
      client_reference_id: 'order_1',
      customer_email: 'buyer@example.com',
      metadata: { foyer_order_id: 'order_1' },
      payment_intent_data: { metadata: { foyer_order_id: 'order_1' } },
      ...over,
    }),
  };
  hooks.beforeAll(async () => {
    // The production handler in miniature: the real SDK verifies every delivery.
    t.hook = await startReceiver((raw, h) => t.verifier.webhooks.constructEvent(raw, String(h['stripe-signature'] ?? ''), SECRET));
    t.emu = await startStripeEmulator({
      webhookUrl: t.hook.url, webhookSecret: SECRET,
      restrictedKeys: {
        rk_test_seller: { checkout_sessions: 'write', products: 'write', prices: 'write', balance: 'read' },
        rk_test_no_checkout: { products: 'write', prices: 'write' },
      },
    });
  });
  hooks.afterAll(async () => { await t.emu.close(); await t.hook.close(); });
  hooks.beforeEach(() => { t.emu.clearFaults(); t.hook.received.length = 0; });
  return t;
}
