/**
 * Validation of `POST /v1/checkout/sessions` parameters, with Stripe's error messages where we
 * know them (https://docs.stripe.com/api/checkout/sessions/create). Unknown parameters are
 * rejected like Stripe does, using the parameter list of stripe 23.1.0's SessionCreateParams.
 */
import { asArray, asObject, asString, type FormObject } from './stripe-form.js';
import { invalidInteger, invalidRequest, missingParam, unknownParam } from './stripe-errors.js';
import { DEFAULT_MINIMUM_CHARGE, formatAmount, SUPPORTED, WHOLE_UNITS_IN_CENTS } from './stripe-currencies.js';
import type { Json, StripeCtx } from './stripe-state.js';

const TOP_LEVEL = new Set(('adaptive_pricing after_expiration allow_promotion_codes allowed_payment_method_types automatic_tax billing_address_collection branding_settings cancel_url client_reference_id consent_collection currency custom_fields custom_text customer customer_account customer_creation customer_email customer_update discounts excluded_payment_method_types expand expires_at integration_identifier invoice_creation line_items locale managed_payments metadata mode name_collection optional_items origin_context payment_intent_data payment_method_collection payment_method_configuration payment_method_data payment_method_options permissions phone_number_collection redirect_on_completion return_url saved_payment_method_options setup_intent_data shipping_address_collection shipping_options submit_type subscription_data success_url tax_id_collection ui_mode wallet_options').split(' '));
const LINE_ITEM = new Set(['adjustable_quantity', 'metadata', 'price', 'price_data', 'quantity', 'tax_rates']);
const PRICE_DATA = new Set(['currency', 'product', 'product_data', 'recurring', 'tax_behavior', 'unit_amount', 'unit_amount_decimal']);
const LOCALES = new Set('auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hi-IN hr hu id it ja ko lt lv ms mt nb nl pl pt pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW'.split(' '));
/** Stripe's charge ceiling is eight digits of minor units ($999,999.99). */
const MAX_AMOUNT = 99_999_999;

export interface NormalizedItem { unitAmount: number; quantity: number; currency: string; productName: string; productId?: string; priceId?: string }

export function checkKeys(obj: FormObject, allowed: Set<string>, prefix = ''): void {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) throw unknownParam(prefix ? `${prefix}[${k}]` : k);
}

export function parseInteger(v: unknown, param: string, { min = 0 } = {}): number {
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw invalidInteger(param, v);
  const n = Number(v);
  if (n < min) throw invalidRequest(`This value must be greater than or equal to ${min}.`, { param, code: 'parameter_invalid_integer' });
  return n;
}

/** Metadata: string values, ≤ 50 keys, keys ≤ 40 chars, values ≤ 500 chars (https://docs.stripe.com/metadata). */
export function parseMetadata(v: unknown, param = 'metadata'): Record<string, string> {
  if (v === undefined || v === '') return {};
  const o = asObject(v as FormObject);
  if (!o) throw invalidRequest('Invalid object', { param });
  const keys = Object.keys(o);
  if (keys.length > 50) throw invalidRequest('Invalid metadata: metadata can have up to 50 keys, but you passed in more.', { param });
  const out: Record<string, string> = {};
  for (const k of keys) {
    if (k.length > 40) throw invalidRequest(`Invalid metadata: key '${k}' exceeds 40 characters.`, { param: `${param}[${k}]` });
    const val = asString(o[k]) ?? '';
    if (val.length > 500) throw invalidRequest('Invalid metadata: values can be up to 500 characters long.', { param: `${param}[${k}]` });
    if (val !== '') out[k] = val; // Stripe drops keys set to ''.
  }
  return out;
}

export function parseCurrency(v: unknown, param: string): string {
  const c = asString(v as string)?.toLowerCase();
  if (!c) throw missingParam(param);
  if (!SUPPORTED.has(c)) throw invalidRequest(`Invalid currency: ${c}. Stripe currently supports these currencies: ${[...SUPPORTED].join(', ')}`, { param });
  return c;
}

function checkUrl(v: string | undefined, param: string): void {
  if (v === undefined) return;
  try { new URL(v.replace('{CHECKOUT_SESSION_ID}', 'x')); } catch { throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' }); }
}

export function validateSessionParams(ctx: StripeCtx, p: FormObject): { items: NormalizedItem[]; currency: string; total: number; expiresAt: number } {
  checkKeys(p, TOP_LEVEL);
  const mode = asString(p.mode);
  if (!mode) throw missingParam('mode');
  if (!['payment', 'setup', 'subscription'].includes(mode)) throw invalidRequest(`Invalid mode: must be one of payment, setup, or subscription`, { param: 'mode' });
  if (mode !== 'payment') throw invalidRequest(`The emulator only models mode=payment (got ${mode}).`, { param: 'mode' });
  // The reference (stripe 23.1.0 checked) says both URLs are required with the default hosted page.
  if (!asString(p.success_url)) throw missingParam('success_url');
  if (!asString(p.cancel_url)) throw missingParam('cancel_url');
  checkUrl(asString(p.success_url), 'success_url');
  checkUrl(asString(p.cancel_url), 'cancel_url');
  const email = asString(p.customer_email);
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidRequest(`Invalid email address: ${email}`, { param: 'customer_email', code: 'email_invalid' });
  const locale = asString(p.locale);
  if (locale !== undefined && !LOCALES.has(locale)) throw invalidRequest(`Invalid locale: must be one of ${[...LOCALES].join(', ')}`, { param: 'locale' });
  const ref = asString(p.client_reference_id);
  if (ref !== undefined && ref.length > 200) throw invalidRequest('Invalid string: must be at most 200 characters', { param: 'client_reference_id' });
  parseMetadata(p.metadata);
  const pid = asObject(p.payment_intent_data);
  if (pid?.metadata !== undefined) parseMetadata(pid.metadata, 'payment_intent_data[metadata]');

  const now = ctx.nowSec();
  let expiresAt = now + 24 * 3600;
  if (p.expires_at !== undefined) {
    expiresAt = parseInteger(p.expires_at, 'expires_at');
    if (expiresAt < now + 30 * 60) throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', { param: 'expires_at' });
    if (expiresAt > now + 24 * 3600) throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }

  const rawItems = asArray(p.line_items);
  if (!rawItems || rawItems.length === 0) throw missingParam('line_items');
  if (rawItems.length > 100) throw invalidRequest('You may only specify up to 100 line items.', { param: 'line_items' });
  const items = rawItems.map((raw, i) => lineItem(ctx, asObject(raw) ?? {}, `line_items[${i}]`));
  const currency = items[0].currency;
  if (items.some((it) => it.currency !== currency)) throw invalidRequest('All line items must have the same currency.', { param: 'line_items' });
  const total = items.reduce((s, it) => s + it.unitAmount * it.quantity, 0);

  if (WHOLE_UNITS_IN_CENTS.has(currency) && items.some((it) => it.unitAmount % 100 !== 0)) {
    // UNCONFIRMED wording; the rule itself is the reference's (HUF/TWD charges in whole units).
    throw invalidRequest(`Amounts in ${currency} must be whole units: unit_amount must be divisible by 100.`, { param: 'line_items', code: 'amount_invalid' });
  }
  const min = (ctx.opts.minimumCharge ?? DEFAULT_MINIMUM_CHARGE)[currency];
  if (min !== undefined && total < min) {
    throw invalidRequest(`The Checkout Session's total amount due must add up to at least ${formatAmount(min, currency)} ${currency}`, { code: 'amount_too_small' });
  }
  if (total > MAX_AMOUNT) throw invalidRequest(`The Checkout Session's total amount due must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, { code: 'amount_too_large' });
  return { items, currency, total, expiresAt };
}

function lineItem(ctx: StripeCtx, li: FormObject, at: string): NormalizedItem {
  checkKeys(li, LINE_ITEM, at);
  if (li.quantity === undefined) throw invalidRequest(`Quantity is required. Add \`quantity\` to \`${at}\``, { param: `${at}[quantity]` });
  const quantity = parseInteger(li.quantity, `${at}[quantity]`, { min: 1 });
  const priceId = asString(li.price);
  if (priceId) {
    const price = ctx.state.prices.get(priceId);
    if (!price) throw invalidRequest(`No such price: '${priceId}'`, { param: `${at}[price]`, code: 'resource_missing' });
    const product: Json | undefined = ctx.state.products.get(price.product);
    return { unitAmount: price.unit_amount, quantity, currency: price.currency, productName: product?.name ?? '', productId: price.product, priceId };
  }
  const pd = asObject(li.price_data);
  if (!pd) throw invalidRequest(`You must specify either \`price\` or \`price_data\` in \`${at}\`.`, { param: at });
  checkKeys(pd, PRICE_DATA, `${at}[price_data]`);
  const currency = parseCurrency(pd.currency, `${at}[price_data][currency]`);
  if (pd.unit_amount === undefined) throw missingParam(`${at}[price_data][unit_amount]`);
  const unitAmount = parseInteger(pd.unit_amount, `${at}[price_data][unit_amount]`);
  const productId = asString(pd.product);
  if (productId) {
    const product = ctx.state.products.get(productId);
    if (!product) throw invalidRequest(`No such product: '${productId}'`, { param: `${at}[price_data][product]`, code: 'resource_missing' });
    return { unitAmount, quantity, currency, productName: product.name, productId };
  }
  const prod = asObject(pd.product_data);
  if (!prod) throw invalidRequest('You must specify either `product` or `product_data` when creating a price.', { param: `${at}[price_data]` });
  const name = asString(prod.name);
  if (!name) throw missingParam(`${at}[price_data][product_data][name]`);
  return { unitAmount, quantity, currency, productName: name };
}
