/**
 * npm run bench:mail — e-mail delivery on the embedded default (PGlite in a temporary folder,
 * pg-boss workers in-process) to a local SMTP server (smtp-server) that accepts everything.
 *
 *  1. Latency: free orders placed one after another over HTTP for an event with a link known
 *     without provider registration; time from the order response (order completed) to the
 *     moment the SMTP server accepted that buyer's join e-mail. p50/p99.
 *  2. Throughput: POST /api/v1/events/{id}/resend {kind: 'join'} for 10,000 attendees;
 *     e-mails/s from the request to the last acceptance.
 * The SMTP server runs in a worker thread and stamps acceptance times there.
 * Baseline, same run, same SMTP server: raw nodemailer (pooled, same connection count) —
 * single sends one after another for latency, and 10,000 sends with as many in flight for
 * throughput. Prints JSON with ratios. Options: ORDERS (200), ATTENDEES (10000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import nodemailer from 'nodemailer';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/bootstrap.js';
import { buildApp } from '../src/server/app.js';
import { insertRows } from '../src/server/db/sql.js';
import { newId, newSecretToken } from '../src/server/lib/tokens.js';
import { closeMailTransports } from '../src/server/providers/mail/registry.js';

const ORDERS = Number(process.env.ORDERS ?? 200);
const ATTENDEES = Number(process.env.ATTENDEES ?? 10_000);
const CONNECTIONS = 5; // the SMTP pool size Foyer uses

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(1));
};

/** Wall-clock milliseconds comparable across threads. */
const now = () => performance.timeOrigin + performance.now();

// The SMTP sink runs in its own thread so it does not compete with the app's event loop.
const SINK = `
const { SMTPServer } = require('smtp-server');
const { parentPort } = require('node:worker_threads');
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
  onData(stream, session, cb) {
    let head = '';
    stream.on('data', (c) => { if (head.length < 4096) head += c.toString('latin1'); });
    stream.on('end', () => {
      const m = /^Subject: (.*)$/im.exec(head);
      parentPort.postMessage({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: m ? m[1] : '', at: performance.timeOrigin + performance.now() });
      cb(null, 'ok');
    });
  },
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
parentPort.on('message', (m) => { if (m === 'close') server.close(() => process.exit(0)); });
`;

/** An SMTP sink: records when each message was accepted, by recipient and subject. */
async function sink() {
  const accepted: { to: string; subject: string; at: number }[] = [];
  const listeners: (() => void)[] = [];
  const worker = new Worker(SINK, { eval: true });
  const port = await new Promise<number>((resolve) => {
    worker.on('message', (m: { port?: number; to?: string[]; subject?: string; at?: number }) => {
      if (m.port) return resolve(m.port);
      for (const to of m.to!) accepted.push({ to, subject: m.subject!, at: m.at! });
      listeners.splice(0).forEach((l) => l());
    });
  });
  const waitUntil = async (pred: () => boolean, ms = 900_000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out waiting for the SMTP server');
      await new Promise<void>((r) => {
        listeners.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { url: `smtp://127.0.0.1:${port}`, accepted, waitUntil, close: () => worker.terminate() };
}

async function main() {
  const smtp = await sink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-mail-bench-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKERS: 'true', SERVE_WEB: 'false', SMTP_URL: smtp.url, APP_SECRET: 'bench-secret-bench-secret-bench-secret-1234' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const json = async (method: string, url: string, body?: unknown, token?: string) => {
    const r = await fetch(base + url, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json()) as any };
  };

  const su = await json('POST', '/api/v1/auth/signup', { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench' });
  const token = su.body.token;
  const start = new Date(Date.now() + 14 * 86400_000).toISOString();
  const end = new Date(Date.now() + 14 * 86400_000 + 3600_000).toISOString();
  const ev = await json('POST', '/api/v1/events', { title: 'Bench webinar', timeZone: 'Europe/Warsaw', format: 'online', startsAt: start, endsAt: end }, token);
  const eventId = ev.body.id as string;
  await json('PATCH', `/api/v1/events/${eventId}`, { settings: { conference: { provider: 'jitsi', joinUrl: 'https://meet.jit.si/foyer-bench-room' } } }, token);
  const tt = await json('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'Free', price: { amount: 0, currency: 'EUR' } }, token);
  await json('POST', `/api/v1/events/${eventId}/publish`, undefined, token);

  // 1. Foyer latency: order completed → join e-mail accepted.
  const latency: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const email = `lat-${i}@example.com`;
    const r = await json('POST', `/api/v1/public/events/${ev.body.slug}/orders`, { items: [{ ticketTypeId: tt.body.id, quantity: 1 }], buyer: { firstName: 'L', lastName: String(i), email } });
    const done = now();
    if (r.status !== 201 || r.body.order.status !== 'completed') throw new Error(`order failed: ${JSON.stringify(r.body)}`);
    await smtp.waitUntil(() => smtp.accepted.some((a) => a.to === email && a.subject.startsWith('Your join link')), 60_000);
    latency.push(smtp.accepted.find((a) => a.to === email && a.subject.startsWith('Your join link'))!.at - done);
  }

  // Baseline latency: raw nodemailer, one message at a time on a warm pool.
  const raw = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  const body = 'Hello,\n\nhere is your personal link: https://meet.jit.si/foyer-bench-room\n\n'.repeat(3);
  const rawLatency: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const s = now();
    const email = `raw-lat-${i}@example.com`;
    await raw.sendMail({ from: 'bench@foyer.test', to: email, subject: 'Your join link: Bench webinar', text: body });
    await smtp.waitUntil(() => smtp.accepted.some((a) => a.to === email));
    rawLatency.push(smtp.accepted.find((a) => a.to === email)!.at - s);
  }

  // 2. Throughput: 10,000 attendees seeded directly, then one event-wide resend.
  const orgId = su.body.organization.id as string;
  const client = await ctx.database.pool.connect();
  try {
    for (let s = 0; s < ATTENDEES; s += 1000) {
      const n = Math.min(1000, ATTENDEES - s);
      const orders: unknown[][] = [];
      const items: unknown[][] = [];
      const people: unknown[][] = [];
      for (let k = 0; k < n; k++) {
        const orderId = newId('ord');
        const itemId = newId('oit');
        orders.push([orderId, orgId, eventId, newSecretToken(), 'completed', 'T', String(s + k), `tp-${s + k}@example.com`, 'free', 'EUR', 0, 0, 'checkout', 'en']);
        items.push([itemId, orgId, orderId, tt.body.id, 1, 0, 'EUR']);
        people.push([newId('att'), orgId, eventId, orderId, itemId, tt.body.id, 'T', String(s + k), `tp-${s + k}@example.com`, true, newSecretToken(), 0]);
      }
      await insertRows(client, 'orders', ['id', 'organization_id', 'event_id', 'token', 'status', 'buyer_first_name', 'buyer_last_name', 'buyer_email', 'payment_method', 'currency', 'subtotal_amount', 'total_amount', 'source', 'locale'], orders);
      await insertRows(client, 'order_items', ['id', 'organization_id', 'order_id', 'ticket_type_id', 'quantity', 'unit_amount', 'currency'], items);
      await insertRows(client, 'attendees', ['id', 'organization_id', 'event_id', 'order_id', 'order_item_id', 'ticket_type_id', 'first_name', 'last_name', 'email', 'is_buyer', 'ticket_token', 'position'], people);
    }
    await client.query(`UPDATE orders SET completed_at = now() WHERE event_id = $1 AND completed_at IS NULL`, [eventId]);
  } finally {
    client.release();
  }
  const isBulk = (a: { to: string; subject: string }) => a.to.startsWith('tp-') && a.subject.startsWith('Your join link');
  const before = smtp.accepted.length;
  const t0 = now();
  const res = await json('POST', `/api/v1/events/${eventId}/resend`, { kind: 'join' }, token);
  const queuedAt = now();
  if (res.status !== 202 || res.body.queued < ATTENDEES) throw new Error(`resend: ${res.status} ${JSON.stringify(res.body)}`);
  let bulk = 0;
  let firstBulk = 0;
  await smtp.waitUntil(() => {
    bulk = 0;
    for (const a of smtp.accepted) if (isBulk(a)) (bulk++, (firstBulk ||= a.at));
    return bulk >= ATTENDEES;
  });
  const t1 = smtp.accepted.filter(isBulk).at(-1)!.at;
  const foyerRate = ATTENDEES / ((t1 - t0) / 1000);
  // Acceptances are recorded per batch: give the last batch a moment to commit before counting.
  let failed = { rows: [{ n: -1 }] };
  for (let i = 0; i < 100 && failed.rows[0]!.n !== 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    failed = await ctx.database.pool.query(`SELECT count(*)::int AS n FROM emails WHERE status <> 'sent' AND event_id = $1`, [eventId]);
  }
  const status = await ctx.database.pool.query(`SELECT status, count(*)::int AS n FROM emails WHERE event_id = $1 GROUP BY status`, [eventId]);
  void before;

  // Baseline throughput: raw nodemailer, 10,000 messages, pool of the same size kept busy.
  const r0 = now();
  let next = 0;
  await Promise.all(Array.from({ length: CONNECTIONS * 4 }, async () => {
    while (next < ATTENDEES) {
      const i = next++;
      await raw.sendMail({ from: 'bench@foyer.test', to: `raw-${i}@example.com`, subject: 'Your join link: Bench webinar', text: body });
    }
  }));
  await smtp.waitUntil(() => smtp.accepted.filter((a) => a.to.startsWith('raw-') && !a.to.startsWith('raw-lat-')).length >= ATTENDEES);
  const rawRate = ATTENDEES / ((smtp.accepted.filter((a) => a.to.startsWith('raw-') && !a.to.startsWith('raw-lat-')).at(-1)!.at - r0) / 1000);
  raw.close();

  const result = {
    database: 'embedded PGlite (pglite-socket), pg-boss workers in-process',
    smtp: 'local smtp-server on loopback, accepts everything',
    joinEmailLatencyMs: {
      orders: ORDERS,
      foyer: { p50: pct(latency, 50), p99: pct(latency, 99), max: pct(latency, 100) },
      baselineRawNodemailer: { p50: pct(rawLatency, 50), p99: pct(rawLatency, 99) },
      ratioP50: Number((pct(latency, 50) / Math.max(pct(rawLatency, 50), 0.1)).toFixed(1)),
      ratioP99: Number((pct(latency, 99) / Math.max(pct(rawLatency, 99), 0.1)).toFixed(1)),
    },
    resend: {
      attendees: ATTENDEES,
      requestMs: Number((queuedAt - t0).toFixed(1)),
      firstAcceptedAfterSeconds: Number(((firstBulk - t0) / 1000).toFixed(2)),
      totalSeconds: Number(((t1 - t0) / 1000).toFixed(2)),
      foyerEmailsPerSecond: Number(foyerRate.toFixed(1)),
      baselineRawNodemailerEmailsPerSecond: Number(rawRate.toFixed(1)),
      ratio: Number((foyerRate / rawRate).toFixed(3)),
      notSent: failed.rows[0]!.n,
      statuses: Object.fromEntries(status.rows.map((r: { status: string; n: number }) => [r.status, r.n])),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  await app.close();
  await ctx.shutdown();
  closeMailTransports();
  await smtp.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
