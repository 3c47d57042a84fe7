/**
 * Products, Prices (https://docs.stripe.com/api/products, /api/prices) and the cheap read-only
 * endpoints a client can use to validate a key: GET /v1/balance and GET /v1/account. A restricted
 * key gets 403 on /v1/account unless it has a KYC permission — a real quirk (public reports,
 * e.g. stripe/stripe-node#2246), so /v1/balance is the better key check.
 */
import { asObject, asString, type FormObject } from './stripe-form.js';
import { invalidRequest, missingParam } from './stripe-errors.js';
import { checkKeys, parseCurrency, parseInteger, parseMetadata } from './stripe-checkout-params.js';
import { randomId, type Json, type StripeCtx } from './stripe-state.js';

export function createProduct(ctx: StripeCtx, p: FormObject): Json {
  checkKeys(p, new Set(['active', 'default_price_data', 'description', 'expand', 'id', 'images', 'marketing_features', 'metadata', 'name', 'package_dimensions', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'url']));
  const name = asString(p.name);
  if (!name) throw missingParam('name');
  const id = asString(p.id) ?? randomId('prod_', 14);
  if (ctx.state.products.has(id)) throw invalidRequest(`Product already exists.`, { param: 'id', code: 'resource_already_exists' });
  const now = ctx.nowSec();
  const product: Json = {
    id, object: 'product', active: asString(p.active) !== 'false', created: now, default_price: null, description: asString(p.description) ?? null,
    images: [], livemode: false, marketing_features: [], metadata: parseMetadata(p.metadata), name, package_dimensions: null, shippable: null,
    statement_descriptor: null, tax_code: null, unit_label: null, updated: now, url: null,
  };
  ctx.state.products.set(id, product);
  return product;
}

export function createPrice(ctx: StripeCtx, p: FormObject): Json {
  checkKeys(p, new Set(['active', 'billing_scheme', 'currency', 'currency_options', 'custom_unit_amount', 'expand', 'lookup_key', 'metadata', 'nickname', 'product', 'product_data', 'recurring', 'tax_behavior', 'tiers', 'tiers_mode', 'transfer_lookup_key', 'transform_quantity', 'unit_amount', 'unit_amount_decimal']));
  const currency = parseCurrency(p.currency, 'currency');
  let productId = asString(p.product);
  if (productId && !ctx.state.products.has(productId)) throw invalidRequest(`No such product: '${productId}'`, { param: 'product', code: 'resource_missing' });
  const pd = asObject(p.product_data);
  if (!productId && pd) productId = createProduct(ctx, { name: pd.name ?? '', metadata: pd.metadata ?? {} }).id;
  if (!productId) throw missingParam('product');
  if (p.unit_amount === undefined) throw missingParam('unit_amount');
  const unitAmount = parseInteger(p.unit_amount, 'unit_amount');
  const price: Json = {
    id: randomId('price_1'), object: 'price', active: true, billing_scheme: 'per_unit', created: ctx.nowSec(), currency, custom_unit_amount: null,
    livemode: false, lookup_key: asString(p.lookup_key) ?? null, metadata: parseMetadata(p.metadata), nickname: asString(p.nickname) ?? null,
    product: productId, recurring: null, tax_behavior: asString(p.tax_behavior) ?? 'unspecified', tiers_mode: null, transform_quantity: null,
    type: 'one_time', unit_amount: unitAmount, unit_amount_decimal: String(unitAmount),
  };
  ctx.state.prices.set(price.id, price);
  return price;
}

export function balance(ctx: StripeCtx): Json {
  const byCurrency = new Map<string, number>();
  for (const ch of ctx.state.charges.values()) byCurrency.set(ch.currency, (byCurrency.get(ch.currency) ?? 0) + ch.amount - ch.amount_refunded);
  const rows = [...byCurrency].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  const zero = [{ amount: 0, currency: 'usd', source_types: { card: 0 } }];
  return { object: 'balance', available: zero, livemode: false, pending: rows.length ? rows : zero };
}

export function account(ctx: StripeCtx): Json {
  return {
    id: ctx.accountId, object: 'account', business_profile: { name: 'Emulated Organiser', url: null }, charges_enabled: true, country: 'PL',
    created: 1_700_000_000, default_currency: 'pln', details_submitted: true, email: 'owner@example.com', payouts_enabled: true, type: 'standard',
  };
}
