/**
 * Orders (https://developers.payu.com/europe/api/#tag/Order): create answers **302** with a JSON
 * body `{ status: { statusCode: 'SUCCESS' }, redirectUri, orderId, extOrderId }` and the same URI
 * in Location (201 without redirect for orders paid by BLIK code or card token). A client that
 * follows the redirect lands on the payment page, as with the real PayU. extOrderId must be unique
 * per POS (ERROR_ORDER_NOT_UNIQUE). Status: NEW → PENDING → [WAITING_FOR_CONFIRMATION] → COMPLETED,
 * or CANCELED; never backwards.
 */
import { z } from 'zod';
import { problems } from '../shared/zod-issues.js';
import { invalid, missing, notFound, PayUError } from './payu-errors.js';
import { payuOrderId, payuTime, randomUpper, type Json, type OrderStatus, type PayUCtx } from './payu-state.js';

const Amount = z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().regex(/^\d+$/));
const CreateOrder = z.object({
  notifyUrl: z.string().url().optional(), continueUrl: z.string().url().optional(), customerIp: z.string().min(1), merchantPosId: z.string().min(1),
  description: z.string().min(1).max(4000), additionalDescription: z.string().optional(), visibleDescription: z.string().max(80).optional(),
  currencyCode: z.string().length(3), totalAmount: Amount, extOrderId: z.string().min(1).max(1024).optional(), validityTime: z.union([z.string(), z.number()]).optional(),
  buyer: z.object({ email: z.string().optional(), phone: z.string().optional(), firstName: z.string().optional(), lastName: z.string().optional(), language: z.string().optional(), extCustomerId: z.string().optional() }).passthrough().optional(),
  products: z.array(z.object({ name: z.string().min(1), unitPrice: Amount, quantity: Amount, virtual: z.boolean().optional() }).passthrough()).min(1),
  payMethods: z.object({ payMethod: z.object({ type: z.string(), value: z.string().optional(), authorizationCode: z.string().optional() }).passthrough() }).optional(),
  settings: z.record(z.string(), z.unknown()).optional(), properties: z.array(z.unknown()).optional(),
});

const RANK: Record<OrderStatus, number> = { NEW: 0, PENDING: 1, WAITING_FOR_CONFIRMATION: 2, COMPLETED: 3, CANCELED: 3 };

export function createOrder(ctx: PayUCtx, raw: unknown): { status: number; body: Json; headers?: Record<string, string> } {
  const r = CreateOrder.safeParse(raw, { reportInput: true });
  if (!r.success) {
    const p = problems(r.error)[0];
    const field = p.path.join('.');
    throw p.missing ? missing(field) : invalid(field);
  }
  const b = r.data;
  // 403 when the token's POS differs from merchantPosId (status table: INVALID_AUTH_FOR_THIS_ORDER).
  if (b.merchantPosId !== ctx.posId) throw new PayUError(403, { statusCode: 'ERROR_VALUE_INVALID', codeLiteral: 'INVALID_AUTH_FOR_THIS_ORDER', statusDesc: 'Invalid authorization for this order' });
  if (!(ctx.opts.currencies ?? ['PLN']).includes(b.currencyCode)) throw invalid('currencyCode', 'Improper currency code for this POS'); // wording UNCONFIRMED
  if (b.extOrderId && [...ctx.state.orders.values()].some((o) => o.extOrderId === b.extOrderId)) {
    throw new PayUError(400, { statusCode: 'ERROR_ORDER_NOT_UNIQUE', statusDesc: 'Order already exists' });
  }
  const now = ctx.now();
  const orderId = payuOrderId(now);
  const order: Json = {
    orderId, ...(b.extOrderId ? { extOrderId: b.extOrderId } : {}), orderCreateDate: payuTime(now), ...(b.notifyUrl ? { notifyUrl: b.notifyUrl } : {}),
    customerIp: b.customerIp, merchantPosId: b.merchantPosId, description: b.description, currencyCode: b.currencyCode, totalAmount: b.totalAmount,
    ...(b.buyer ? { buyer: b.buyer } : {}), products: b.products, status: 'NEW',
    __continueUrl: b.continueUrl, __payMethod: b.payMethods?.payMethod.type ?? 'PBL', __token: randomUpper(16),
  };
  ctx.state.orders.set(orderId, order);
  const ext = b.extOrderId ? { extOrderId: b.extOrderId } : {};
  const direct = ['BLIK_AUTHORIZATION_CODE', 'CARD_TOKEN'].includes(order.__payMethod);
  if (direct) return { status: 201, body: { status: { statusCode: 'SUCCESS' }, orderId, ...ext } };
  const redirectUri = `${ctx.baseUrl}/pay/?orderId=${orderId}&token=${order.__token}`;
  return { status: 302, headers: { location: redirectUri }, body: { status: { statusCode: 'SUCCESS' }, redirectUri, orderId, ...ext } };
}

export const publicOrder = (o: Json): Json => Object.fromEntries(Object.entries(structuredClone(o)).filter(([k]) => !k.startsWith('__')));

export function findOrder(ctx: PayUCtx, id: string, byExt = false): Json {
  const o = byExt ? [...ctx.state.orders.values()].find((x) => x.extOrderId === id) : ctx.state.orders.get(id);
  if (!o) throw notFound(`order with id ${id}`);
  return o;
}

export function retrieveBody(o: Json): Json {
  return {
    orders: [publicOrder(o)],
    status: { statusCode: 'SUCCESS', statusDesc: 'Request processing successful' },
    ...(o.__paymentId ? { properties: [{ name: 'PAYMENT_ID', value: o.__paymentId }] } : {}),
  };
}

/** Moves an order forward and notifies; backwards moves are refused (statuses only go forward). */
export function transition(ctx: PayUCtx, o: Json, to: OrderStatus): void {
  const from = o.status as OrderStatus;
  if (from === 'COMPLETED' || from === 'CANCELED' || RANK[to] <= RANK[from]) throw new Error(`order ${o.orderId}: ${from} → ${to} is not allowed`);
  o.status = to;
  if (to !== 'CANCELED' && !o.__paymentId) o.__paymentId = String(Math.floor(1e9 + Math.random() * 9e9));
  if (to !== 'CANCELED') o.payMethod = { amount: o.totalAmount, type: o.__payMethod };
  const body: Json = { order: publicOrder(o) };
  if (to === 'COMPLETED') body.localReceiptDateTime = payuTime(ctx.now());
  if (o.__paymentId && to !== 'CANCELED') body.properties = [{ name: 'PAYMENT_ID', value: o.__paymentId }];
  ctx.notify(o.notifyUrl, body, { orderId: o.orderId, kind: 'order', status: to });
}

/** The buyer pays: PENDING, then COMPLETED (or WAITING_FOR_CONFIRMATION with auto-receive off). */
export function pay(ctx: PayUCtx, id: string): Json {
  const o = findOrder(ctx, id);
  if (o.status === 'NEW') transition(ctx, o, 'PENDING');
  transition(ctx, o, ctx.opts.autoReceive === false ? 'WAITING_FOR_CONFIRMATION' : 'COMPLETED');
  return publicOrder(o);
}

/** DELETE /api/v2_1/orders/{id} and the test helper: NEW/PENDING/WAITING → CANCELED. */
export function cancel(ctx: PayUCtx, id: string): Json {
  const o = findOrder(ctx, id);
  if (o.status === 'COMPLETED' || o.status === 'CANCELED') throw invalid('orderId', `Order status ${o.status} does not allow cancellation`); // UNCONFIRMED
  transition(ctx, o, 'CANCELED');
  return o;
}

/** PUT /api/v2_1/orders/{id}/status {orderStatus: 'COMPLETED'} — only from WAITING_FOR_CONFIRMATION. */
export function confirm(ctx: PayUCtx, id: string, body: Json): Json {
  const o = findOrder(ctx, id);
  if (body?.orderStatus !== 'COMPLETED') throw invalid('orderStatus');
  if (o.status !== 'WAITING_FOR_CONFIRMATION') throw invalid('orderStatus', `Order status ${o.status} cannot be changed to COMPLETED`); // UNCONFIRMED
  transition(ctx, o, 'COMPLETED');
  return { status: { statusCode: 'SUCCESS', statusDesc: 'Status was updated' } };
}
