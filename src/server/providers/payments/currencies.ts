import { minorPerMajor } from '../../lib/money.js';

/**
 * Provider currency rules in one table (reference/payments.md). Values marked UNCONFIRMED in
 * the reference are kept here so they can be corrected in one place.
 */

/** https://docs.stripe.com/currencies — Stripe takes any of Foyer's currencies (HUF/BGN/RON are Stripe-only). */
export const STRIPE_CURRENCIES = ['USD', 'EUR', 'GBP', 'PLN', 'RUB', 'AUD', 'NOK', 'RON', 'CAD', 'CZK', 'DKK', 'HKD', 'ILS', 'MXN', 'HUF', 'JPY', 'NZD', 'PHP', 'SGD', 'SEK', 'CHF', 'THB', 'BGN', 'KRW'] as const;

/** https://docs.stripe.com/currencies#zero-decimal — amounts are whole units. */
export const STRIPE_ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** Sent with two decimals but charged in whole units: the amount must be divisible by 100 (UNCONFIRMED). */
export const STRIPE_WHOLE_UNITS_IN_CENTS = new Set(['HUF', 'TWD']);

/** https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts (UNCONFIRMED values, minor units). */
export const STRIPE_MINIMUM_CHARGE: Record<string, number> = {
  USD: 50, EUR: 50, CAD: 50, AUD: 50, NZD: 50, SGD: 50, CHF: 50, GBP: 30, PLN: 200, DKK: 250, NOK: 300, SEK: 300,
  HKD: 400, CZK: 1500, HUF: 17500, MXN: 1000, BGN: 100, RON: 200, JPY: 50, THB: 1000,
};

/**
 * https://developer.paypal.com/api/rest/reference/currency-codes/ — not RUB, KRW, BGN, RON
 * (RUB UNCONFIRMED). PayPal itself takes HUF, but SPEC 2 keeps HUF (with BGN, RON) for
 * Stripe only, so Foyer does not offer it through PayPal. HUF, JPY and TWD take no decimals
 * in `value`.
 */
export const PAYPAL_CURRENCIES = ['AUD', 'CAD', 'CHF', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'ILS', 'JPY', 'MXN', 'NOK', 'NZD', 'PHP', 'PLN', 'SEK', 'SGD', 'THB', 'USD'] as const;
export const PAYPAL_NO_DECIMALS = new Set(['HUF', 'JPY', 'TWD']);

/** PayU Poland: PLN only (SPEC 2). */
export const PAYU_CURRENCIES = ['PLN'] as const;

/** Smallest positive amount in Foyer minor units: one major unit unless the provider says otherwise. */
export function defaultMinimum(currency: string): number {
  return minorPerMajor(currency);
}

/** Rounds up to a whole multiple (e.g. HUF charged in whole forints). */
export function roundUpTo(amount: number, step: number): number {
  return Math.ceil(amount / step) * step;
}
