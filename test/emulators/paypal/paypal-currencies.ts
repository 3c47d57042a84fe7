/**
 * Currency rules for Orders v2 amounts (https://developer.paypal.com/reference/currency-codes/):
 * `value` is a decimal string; HUF, JPY and TWD take no decimals ("Decimal amounts cause an
 * error"); the others at most two. KRW, BGN, RON and RUB are not PayPal currencies
 * (reference: UNCONFIRMED for RUB).
 */
import { issue } from './paypal-errors.js';

export const SUPPORTED = new Set(['AUD', 'BRL', 'CAD', 'CHF', 'CNY', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'HUF', 'ILS', 'JPY', 'MXN', 'MYR', 'NOK', 'NZD', 'PHP', 'PLN', 'SEK', 'SGD', 'THB', 'TWD', 'USD']);
export const NO_DECIMALS = new Set(['HUF', 'JPY', 'TWD']);

const decimalsOf = (currency: string) => (NO_DECIMALS.has(currency) ? 0 : 2);

/** Validates and converts an amount to minor units; `field` is the JSON pointer for error details. */
export function toMinor(amount: { currency_code: string; value: string }, field: string): number {
  const { currency_code: currency, value } = amount;
  if (!SUPPORTED.has(currency)) throw issue(422, 'CURRENCY_NOT_SUPPORTED', { field: field.replace(/value$/, 'currency_code'), value: currency, location: 'body' });
  if (!/^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]*))$/.test(value) || value.length > 32) throw issue(400, 'INVALID_PARAMETER_SYNTAX', { field, value, location: 'body' });
  const [, frac = ''] = value.split('.');
  if (value.includes('.') && NO_DECIMALS.has(currency)) throw issue(422, 'DECIMALS_NOT_SUPPORTED', { field, value, location: 'body' });
  if (frac.length > 2) throw issue(422, 'DECIMAL_PRECISION', { field, value, location: 'body' });
  const d = decimalsOf(currency);
  const [whole, part = ''] = value.split('.');
  return Number(whole || '0') * 10 ** d + Number((part + '00').slice(0, d) || '0');
}

export function fromMinor(minor: number, currency: string): string {
  const d = decimalsOf(currency);
  return d === 0 ? String(minor) : (minor / 100).toFixed(2);
}
