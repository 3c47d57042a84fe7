/**
 * Outgoing webhook/notification delivery shared by the emulators.
 *
 * Providers deliver at least once and in no guaranteed order (Stripe:
 * https://docs.stripe.com/webhooks#event-ordering, PayPal and PayU retry on non-2xx), so tests
 * need to hold deliveries back, release them reversed, and resend them. Every attempt is kept
 * in `deliveries` with the exact raw body and headers so a test can replay or forge from it.
 */
import { randomUUID } from 'node:crypto';

export interface Delivery {
  id: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** What this delivery carries (event id, notification index …) for the emulator's helpers. */
  ref: string;
  /** 'normal', 'retry', 'replay', 'forged', 'stale', 'tampered' … */
  kind: string;
  status?: number;
  responseBody?: string;
  error?: string;
  sentAt?: number;
}

export interface DeliveryInput { url: string; body: string; headers: Record<string, string>; ref: string; kind?: string }

export interface WebhookSenderOptions {
  /** Automatic re-sends after a non-2xx / network error (default 0: tests resend explicitly). */
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Re-signs a retry; Stripe signs each attempt afresh, PayU/PayPal resend as they were. */
  resign?: (d: Delivery) => DeliveryInput;
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private held: DeliveryInput[] = [];
  private paused = false;
  private inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: WebhookSenderOptions = {}) {}

  /** Holds every later delivery until flush(): lets a test reorder or drop them. */
  pause(): void { this.paused = true; }

  /** Sends held deliveries (in order, reversed, or only some) and resumes normal sending. */
  async flush(opts: { reverse?: boolean; drop?: (d: DeliveryInput) => boolean } = {}): Promise<Delivery[]> {
    this.paused = false;
    let batch = this.held.splice(0);
    if (opts.drop) batch = batch.filter((d) => !opts.drop!(d));
    if (opts.reverse) batch.reverse();
    const out: Delivery[] = [];
    for (const d of batch) out.push(await this.sendNow(d));
    return out;
  }

  get heldCount(): number { return this.held.length; }

  /** Queues or sends; resolves once the receiver answered (or immediately when paused). */
  send(input: DeliveryInput): Promise<Delivery | undefined> {
    if (this.paused) { this.held.push(input); return Promise.resolve(undefined); }
    const p = this.sendNow(input);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Waits until nothing is being delivered (deliveries started in the background included). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async sendNow(input: DeliveryInput, attempt = 0): Promise<Delivery> {
    const d: Delivery = { id: randomUUID(), kind: 'normal', ...input };
    this.deliveries.push(d);
    d.sentAt = Date.now();
    try {
      const res = await fetch(d.url, { method: 'POST', headers: d.headers, body: d.body, redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
      d.status = res.status;
      d.responseBody = await res.text();
    } catch (err) {
      d.error = String((err as Error)?.message ?? err);
    }
    const ok = d.status !== undefined && d.status >= 200 && d.status < 300;
    if (!ok && attempt < (this.opts.retries ?? 0)) {
      await new Promise((r) => setTimeout(r, this.opts.retryDelayMs ?? 50));
      const next = this.opts.resign ? this.opts.resign(d) : { url: d.url, body: d.body, headers: d.headers, ref: d.ref };
      return this.sendNow({ ...next, kind: 'retry' }, attempt + 1);
    }
    return d;
  }
}
