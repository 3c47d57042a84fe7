import { invalid } from './errors.js';

/** Maximum ticket price per currency in major units (SPEC 2). */
export const MAX_PRICE_MAJOR: Record<string, number> = {
  USD: 2000, EUR: 2000, GBP: 2000, PLN: 8000, RUB: 200000, AUD: 3000, NOK: 17000, RON: 8000,
  CAD: 3000, CZK: 46000, DKK: 13000, HKD: 20000, ILS: 74000, MXN: 40000, HUF: 700000, JPY: 300000,
  NZD: 3000, PHP: 106000, SGD: 2800, SEK: 18000, CHF: 2000, THB: 66000, BGN: 4000, KRW: 3000000,
};

export const SUPPORTED_CURRENCIES = Object.keys(MAX_PRICE_MAJOR);

/** ISO 4217 minor unit exponents; JPY and KRW have none. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW']);

export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

export function minorPerMajor(currency: string): number {
  return 10 ** minorDigits(currency);
}

export interface Money {
  amount: number;
  currency: string;
}

export const money = (amount: number, currency: string): Money => ({ amount, currency });

export function assertSupportedCurrency(field: string, currency: string): void {
  if (!MAX_PRICE_MAJOR[currency]) {
    throw invalid(field, `currency ${currency} is not supported; use one of ${SUPPORTED_CURRENCIES.join(', ')}`, 'unsupported_currency');
  }
}

/**
 * Price rules for a ticket price in minor units: free (0), or between 1 major unit and the
 * currency's maximum.
 */
export function assertValidPrice(field: string, amount: number, currency: string): void {
  assertSupportedCurrency(`${field}.currency`, currency);
  if (!Number.isInteger(amount) || amount < 0) {
    throw invalid(`${field}.amount`, 'must be a non-negative integer number of minor units (e.g. cents)');
  }
  if (amount === 0) return;
  const min = minorPerMajor(currency);
  const max = MAX_PRICE_MAJOR[currency]! * minorPerMajor(currency);
  if (amount < min) {
    throw invalid(`${field}.amount`, `a paid price must be at least 1 ${currency} (${min} in minor units); use 0 for a free ticket`, 'price_too_low');
  }
  if (amount > max) {
    throw invalid(`${field}.amount`, `the maximum price in ${currency} is ${MAX_PRICE_MAJOR[currency]} (${max} in minor units)`, 'price_too_high');
  }
}

/** Fee on a total, in minor units, rounded half up; basis points keep the rate an integer. */
export function feeFor(total: number, basisPoints: number): number {
  return Math.floor((total * basisPoints + 5000) / 10000);
}
