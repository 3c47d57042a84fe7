/**
 * A stand-in for Stripe's hosted Checkout page (`session.url`), so browser tests can click
 * through: Pay → success_url (with {CHECKOUT_SESSION_ID} filled in, as Stripe does —
 * https://docs.stripe.com/payments/checkout/custom-success-page), Back → cancel_url (the session
 * stays open), Decline → the card-declined message and no webhook, as a declined card on the
 * real page sends none.
 */
import { escapeHtml, html, type EmuRequest, type EmuResponse } from '../shared/http-server.js';
import { formatAmount } from './stripe-currencies.js';
import { complete, getSession } from './stripe-checkout.js';
import type { StripeCtx } from './stripe-state.js';

export function hostedPage(ctx: StripeCtx, req: EmuRequest): EmuResponse | undefined {
  const m = /^\/c\/pay\/([^/]+)(?:\/(pay|pay-delayed|decline|back))?$/.exec(req.path);
  if (!m) return undefined;
  const [, id, action] = m;
  const s = ctx.state.sessions.get(id) ? getSession(ctx, id) : undefined;
  if (!s) return { status: 404, body: 'Something went wrong: this Checkout Session does not exist.', headers: { 'content-type': 'text/plain' } };
  if (s.status !== 'open' && req.method === 'GET') {
    return html('Checkout', `<p id="status">This Checkout Session is no longer active (${escapeHtml(s.status)}).</p>`);
  }
  if (req.method === 'POST' && action) {
    if (action === 'back') return redirect(s.cancel_url);
    if (action === 'decline') return page(ctx, id, 'Your card was declined.');
    if (s.status !== 'open') return page(ctx, id, 'This Checkout Session is no longer active.');
    complete(ctx, id, { delayed: action === 'pay-delayed' });
    return redirect(String(s.success_url).replaceAll('{CHECKOUT_SESSION_ID}', id));
  }
  return page(ctx, id);
}

function redirect(to: string): EmuResponse {
  return { status: 303, headers: { location: to }, body: '' };
}

function page(ctx: StripeCtx, id: string, error?: string): EmuResponse {
  const s = ctx.state.sessions.get(id)!;
  const items = (ctx.state.lineItems.get(id) ?? []).map((li) => `<li>${escapeHtml(li.description)} × ${li.quantity}</li>`).join('');
  const form = (action: string, label: string) => `<form method="post" action="/c/pay/${id}/${action}"><button type="submit" name="${action}">${label}</button></form>`;
  return html('Checkout', `<h1>Pay ${escapeHtml(formatAmount(s.amount_total, s.currency))}</h1><ul>${items}</ul>
${error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ''}
${form('pay', 'Pay')}${form('pay-delayed', 'Pay by bank debit (delayed)')}${form('decline', 'Pay with a declined card')}${form('back', 'Back')}`);
}
