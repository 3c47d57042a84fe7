import type { PaymentProvider } from './port.js';
import { GATEWAY_IDS, gatewayFactories } from './gateways.js';

const free: PaymentProvider = {
  id: 'free',
  currencies: 'any',
  flow: 'instant',
  start: async () => ({ outcome: 'completed' }),
};

/** Bank transfer or cash: the order waits on hold until an organiser confirms the money arrived. */
const manual: PaymentProvider = {
  id: 'manual',
  currencies: 'any',
  flow: 'offline',
  start: async () => ({ outcome: 'on_hold' }),
};

/**
 * Stripe, PayPal and PayU are listed so checkout knows their flow and currencies; the actual
 * calls go through a gateway built per organisation from its credentials
 * (modules/payments/credentials.service.ts `gatewayFor`), never through `start` here.
 */
const redirect = (id: string): PaymentProvider => ({
  id,
  currencies: gatewayFactories[id]!.currencies,
  flow: 'redirect',
  start: async () => {
    throw new Error(`${id} payments start through the organisation's gateway`);
  },
});

const providers = new Map<string, PaymentProvider>([
  [free.id, free],
  [manual.id, manual],
  ...GATEWAY_IDS.map((id) => [id, redirect(id)] as [string, PaymentProvider]),
]);

export function registerPaymentProvider(p: PaymentProvider): void {
  providers.set(p.id, p);
}

export function paymentProvider(id: string): PaymentProvider | undefined {
  return providers.get(id);
}

export function knownPaymentMethods(): string[] {
  return [...providers.keys()];
}
