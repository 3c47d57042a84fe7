/**
 * Currency rules, kept in one configurable table as /work/shared/reference/payments.md asks.
 * Zero-decimal list: https://docs.stripe.com/currencies#zero-decimal.
 * Minimum charge amounts: https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
 * — UNCONFIRMED values copied from the reference; override with `minimumCharge` option.
 */
export const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/**
 * HUF and TWD are sent in hundredths like two-decimal currencies but must be whole units,
 * i.e. divisible by 100 (reference: UNCONFIRMED detail; Stripe's currency page calls them
 * "special cases"). The error text below is the emulator's own wording.
 */
export const WHOLE_UNITS_IN_CENTS = new Set(['huf', 'twd']);

/** Minimum charge in minor units as sent to the API. */
export const DEFAULT_MINIMUM_CHARGE: Record<string, number> = {
  usd: 50, eur: 50, cad: 50, aud: 50, nzd: 50, sgd: 50, chf: 50, gbp: 30, pln: 200, dkk: 250, nok: 300, sek: 300,
  hkd: 400, czk: 1500, huf: 17500, mxn: 1000, bgn: 100, ron: 200, jpy: 50, thb: 1000,
};

/** Presentment currencies accepted; a broad subset of Stripe's 135+. Unknown codes → invalid currency. */
export const SUPPORTED = new Set([
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bif', 'bmd', 'bnd', 'bob',
  'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc', 'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp',
  'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk',
  'jmd', 'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk',
  'mnt', 'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'pab', 'pen', 'pgk', 'php', 'pkr',
  'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'szl', 'thb', 'tjs',
  'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof', 'xpf', 'yer', 'zar', 'zmw',
]);

const SYMBOL: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', aud: 'A$', cad: 'CA$', pln: 'PLN ', huf: 'HUF ', krw: '₩' };

/** "$10.00" / "¥500" — how amounts appear inside Stripe's error messages (e.g. refund too large). */
export function formatAmount(minor: number, currency: string): string {
  const c = currency.toLowerCase();
  const major = ZERO_DECIMAL.has(c) ? String(minor) : (minor / 100).toFixed(2);
  return `${SYMBOL[c] ?? `${c.toUpperCase()} `}${major}`;
}
