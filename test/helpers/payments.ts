import net from 'node:net';
import { expect } from 'vitest';
import { startHarness, type Harness } from './api.js';

/** A free TCP port on loopback (for an app that emulators must reach with webhooks). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The harness listening on a real port, with APP_URL pointing at it, so emulators can deliver
 * notifications to /webhooks/{provider} and PayU gets a reachable notifyUrl.
 */
export async function startListeningHarness(env: Record<string, string> = {}): Promise<{ h: Harness; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const h = await startHarness({ env: { APP_URL: url, ...env } });
  await h.app.listen({ port, host: '127.0.0.1' });
  return { h, url };
}

export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function orderDetail(h: Harness, token: string, orderId: string) {
  const res = await h.call('GET', `/api/v1/orders/${orderId}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Waits until the order reaches `status` (jobs and webhooks are asynchronous). */
export async function waitForStatus(h: Harness, token: string, orderId: string, status: string) {
  const d = await waitFor(() => orderDetail(h, token, orderId), (x) => x.status === status);
  expect(d.status).toBe(status);
  return d;
}

/** Moves an unpaid order's hold into the past and runs the hold-expiry job's work. */
export async function expireHoldNow(h: Harness, orderId: string) {
  const { expireOrder } = await import('../../src/server/modules/orders/order-actions.service.js');
  await h.ctx.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [orderId]);
  expect(await expireOrder(h.ctx, orderId)).toBe(true);
}

export async function paymentRef(h: Harness, orderId: string): Promise<{ ref: string; capture: string | null }> {
  const r = await h.ctx.database.pool.query<{ payment_ref: string; payment_capture_ref: string | null }>(`SELECT payment_ref, payment_capture_ref FROM orders WHERE id = $1`, [orderId]);
  return { ref: r.rows[0]!.payment_ref, capture: r.rows[0]!.payment_capture_ref };
}
