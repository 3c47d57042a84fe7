/**
 * Orders v2 (https://developer.paypal.com/docs/api/orders/v2/): create → CREATED (or
 * PAYER_ACTION_REQUIRED when payment_source.paypal.experience_context is given, with the buyer
 * link as rel "payer-action" instead of "approve") → APPROVED by the buyer → capture → COMPLETED.
 * Create answers `return=minimal` ({id, status, links}) unless `Prefer: return=representation`.
 */
import { z } from 'zod';
import { problems } from '../shared/zod-issues.js';
import { issue, ISSUES, notFound, PayPalError, type Detail } from './paypal-errors.js';
import { fromMinor, toMinor } from './paypal-currencies.js';
import { clone, paypalId, type Json, type PayPalCtx } from './paypal-state.js';

const Money = z.object({ currency_code: z.string().length(3), value: z.string().max(32) });
const Str127 = z.string().min(1).max(127);
const PurchaseUnit = z.object({
  reference_id: z.string().min(1).max(256).optional(), custom_id: Str127.optional(), invoice_id: Str127.optional(), description: Str127.optional(),
  soft_descriptor: z.string().max(22).optional(),
  amount: Money.extend({ breakdown: z.record(z.string(), Money).optional() }),
  items: z.array(z.object({ name: Str127, quantity: z.string().regex(/^[1-9][0-9]{0,9}$/), unit_amount: Money, description: z.string().optional(), sku: z.string().optional(), category: z.string().optional() })).optional(),
  payee: z.object({ email_address: z.string().optional(), merchant_id: z.string().optional() }).optional(),
});
const Context = z.object({
  return_url: z.string().url().optional(), cancel_url: z.string().url().optional(), brand_name: z.string().max(127).optional(), locale: z.string().optional(),
  user_action: z.enum(['CONTINUE', 'PAY_NOW']).optional(), shipping_preference: z.enum(['GET_FROM_FILE', 'NO_SHIPPING', 'SET_PROVIDED_ADDRESS']).optional(),
  landing_page: z.enum(['LOGIN', 'GUEST_CHECKOUT', 'NO_PREFERENCE', 'BILLING']).optional(), payment_method_preference: z.string().optional(),
});
export const CreateOrder = z.object({
  intent: z.enum(['CAPTURE', 'AUTHORIZE']),
  purchase_units: z.array(PurchaseUnit).min(1).max(10),
  payment_source: z.object({ paypal: z.object({ experience_context: Context.optional() }).passthrough().optional() }).passthrough().optional(),
  application_context: Context.optional(),
});

/** JSON pointer in PayPal's style: purchase units are named by reference_id. */
function pointer(path: (string | number)[], body: Json): string {
  return '/' + path.map((p, i) => (path[i - 1] === 'purchase_units' && typeof p === 'number' ? `@reference_id=='${body?.purchase_units?.[p]?.reference_id ?? 'default'}'` : String(p))).join('/');
}

function validate(body: unknown): z.infer<typeof CreateOrder> {
  const r = CreateOrder.safeParse(body, { reportInput: true });
  if (r.success) return r.data;
  const details: Detail[] = problems(r.error).map((p) => ({
    field: pointer(p.path, body as Json), location: 'body',
    issue: p.missing ? 'MISSING_REQUIRED_PARAMETER' : p.tooLong ? 'INVALID_STRING_LENGTH' : p.badValue ? 'INVALID_PARAMETER_VALUE' : 'INVALID_PARAMETER_SYNTAX',
  }));
  throw new PayPalError(400, details.map((d) => ({ ...d, description: ISSUES[d.issue] })));
}

function checkAmounts(pu: z.infer<typeof PurchaseUnit>, at: string): void {
  const total = toMinor(pu.amount, `${at}/amount/value`);
  if (total <= 0) throw issue(422, 'CANNOT_BE_ZERO_OR_NEGATIVE', { field: `${at}/amount/value`, value: pu.amount.value, location: 'body', description: 'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.' });
  const b = pu.amount.breakdown;
  if (b) {
    const part = (k: string) => (b[k] ? toMinor(b[k], `${at}/amount/breakdown/${k}/value`) : 0);
    const sum = part('item_total') + part('tax_total') + part('shipping') + part('handling') + part('insurance') - part('shipping_discount') - part('discount');
    if (sum !== total) throw issue(422, 'AMOUNT_MISMATCH', { field: `${at}/amount/value`, value: pu.amount.value, location: 'body' });
  }
  if (pu.items?.length) {
    if (!b?.item_total) throw issue(422, 'ITEM_TOTAL_REQUIRED', { field: `${at}/amount/breakdown/item_total`, location: 'body' });
    const items = pu.items.reduce((s, it, i) => s + toMinor(it.unit_amount, `${at}/items/@sku==${i}/unit_amount/value`) * Number(it.quantity), 0);
    if (items !== toMinor(b.item_total, `${at}/amount/breakdown/item_total/value`)) throw issue(422, 'ITEM_TOTAL_MISMATCH', { field: `${at}/amount/breakdown/item_total/value`, location: 'body' });
  }
}

export function links(ctx: PayPalCtx, o: Json): Json[] {
  const self = `${ctx.baseUrl}/v2/checkout/orders/${o.id}`;
  const buyer = `${ctx.baseUrl}/checkoutnow?token=${o.id}`;
  const l: Json[] = [{ href: self, rel: 'self', method: 'GET' }];
  if (o.status === 'CREATED') l.push({ href: buyer, rel: 'approve', method: 'GET' }, { href: self, rel: 'update', method: 'PATCH' }, { href: `${self}/capture`, rel: 'capture', method: 'POST' });
  if (o.status === 'PAYER_ACTION_REQUIRED') l.push({ href: buyer, rel: 'payer-action', method: 'GET' });
  if (o.status === 'APPROVED') l.push({ href: self, rel: 'update', method: 'PATCH' }, { href: `${self}/capture`, rel: 'capture', method: 'POST' });
  return l;
}

/** The order as the API shows it; `__` fields are the emulator's own bookkeeping. */
export function view(ctx: PayPalCtx, o: Json, minimal = false): Json {
  const out: Json = Object.fromEntries(Object.entries(clone(o)).filter(([k]) => !k.startsWith('__')));
  out.links = links(ctx, o);
  if (!minimal) return out;
  return { id: out.id, status: out.status, ...(out.payment_source ? { payment_source: out.payment_source } : {}), links: out.links };
}

export function createOrder(ctx: PayPalCtx, body: unknown): Json {
  const input = validate(body);
  if (input.intent === 'AUTHORIZE') throw issue(422, 'INVALID_PARAMETER_VALUE', { field: '/intent', value: 'AUTHORIZE', location: 'body', description: 'The emulator models intent=CAPTURE only.' });
  if (input.purchase_units.length > 1 && input.purchase_units.some((p) => !p.reference_id)) throw issue(422, 'REFERENCE_ID_REQUIRED', { field: '/purchase_units', location: 'body' });
  input.purchase_units.forEach((pu) => checkAmounts(pu, `/purchase_units/@reference_id=='${pu.reference_id ?? 'default'}'`));
  const exp = input.payment_source?.paypal?.experience_context;
  const now = ctx.nowIso();
  const order: Json = {
    id: paypalId(), intent: input.intent, status: exp || input.payment_source?.paypal ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
    ...(input.payment_source?.paypal ? { payment_source: { paypal: {} } } : {}),
    purchase_units: input.purchase_units.map((pu) => ({
      reference_id: pu.reference_id ?? 'default', amount: pu.amount,
      payee: { email_address: 'merchant@foyer-emulator.example', merchant_id: 'EMULATORMERCH01', ...pu.payee },
      ...(pu.description ? { description: pu.description } : {}), ...(pu.custom_id ? { custom_id: pu.custom_id } : {}),
      ...(pu.invoice_id ? { invoice_id: pu.invoice_id } : {}), ...(pu.soft_descriptor ? { soft_descriptor: pu.soft_descriptor } : {}),
      ...(pu.items ? { items: pu.items } : {}),
    })),
    create_time: now, update_time: now,
    __return: exp?.return_url ?? input.application_context?.return_url, __cancel: exp?.cancel_url ?? input.application_context?.cancel_url, __locale: exp?.locale,
  };
  ctx.state.orders.set(order.id, order);
  return order;
}

export function getOrder(ctx: PayPalCtx, id: string): Json {
  const o = ctx.state.orders.get(id);
  if (!o) throw notFound();
  return o;
}

/** The buyer approves on PayPal's page (test helper / hosted page) → CHECKOUT.ORDER.APPROVED. */
export function approve(ctx: PayPalCtx, id: string, payer: { email?: string; given_name?: string; surname?: string } = {}): Json {
  const o = getOrder(ctx, id);
  if (o.status !== 'CREATED' && o.status !== 'PAYER_ACTION_REQUIRED') throw new Error(`order ${id} is ${o.status}, cannot approve`);
  const p = { email_address: payer.email ?? 'buyer@example.com', payer_id: paypalId(13), name: { given_name: payer.given_name ?? 'Test', surname: payer.surname ?? 'Buyer' }, address: { country_code: 'PL' } };
  Object.assign(o, { status: 'APPROVED', payer: p, update_time: ctx.nowIso(), __wasPayerAction: o.status === 'PAYER_ACTION_REQUIRED' });
  o.payment_source = { paypal: { email_address: p.email_address, account_id: p.payer_id, account_status: 'VERIFIED', name: p.name, address: p.address } };
  ctx.emit('CHECKOUT.ORDER.APPROVED', 'checkout-order', view(ctx, o), 'An order has been approved by buyer');
  return view(ctx, o);
}

export { fromMinor };
