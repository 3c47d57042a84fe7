import { invalid } from '../../lib/errors.js';
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

/**
 * A paid price only in currencies every offered method takes (SPEC 2: HUF, BGN, RON Stripe
 * only; PayU PLN only). `field` names what the organiser changed.
 */
export function assertMethodsTakeCurrency(methods: readonly string[], currency: string, field: (method: string, index: number) => string): void {
  methods.forEach((m, i) => {
    const p = providers.get(m);
    if (p && p.currencies !== 'any' && !p.currencies.includes(currency)) {
      const takers = [...providers.values()].filter((x) => x.flow === 'redirect' && (x.currencies === 'any' || x.currencies.includes(currency))).map((x) => x.id);
      throw invalid(field(m, i), `${m} does not accept ${currency}${takers.length ? ` (${currency} can be paid with ${takers.join(', ')} or manually)` : ''}; remove ${m} from the event's payment methods or sell in another currency`, 'currency_not_supported');
    }
  });
}
