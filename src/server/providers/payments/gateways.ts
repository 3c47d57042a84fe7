import type { PaymentGatewayFactory } from './port.js';
import { stripeFactory } from './stripe/stripe.adapter.js';
import { paypalFactory } from './paypal/paypal.adapter.js';
import { payuFactory } from './payu/payu.adapter.js';

/** Redirect providers that need per-organisation credentials. */
export const gatewayFactories: Record<string, PaymentGatewayFactory<any>> = {
  stripe: stripeFactory,
  paypal: paypalFactory,
  payu: payuFactory,
};

export type GatewayId = 'stripe' | 'paypal' | 'payu';
export const GATEWAY_IDS: GatewayId[] = ['stripe', 'paypal', 'payu'];
