/**
 * npm run bench:export — streams the attendee CSV of events with N attendees (SIZES,
 * default "10000,100000") through the real HTTP API, on the configured database
 * (DATABASE_URL, or embedded PGlite in a temporary folder), and measures wall time and the
 * process's peak RSS while it runs. Baseline, same run and database: a bare SELECT of the
 * same rows into memory (what a non-streaming export would at least have to hold).
 * Attendees are seeded with multi-row INSERTs (test/helpers/seed-attendees.ts). Prints JSON.
 *
 * With embedded PGlite the database runs inside this process, so its (WebAssembly) memory
 * is part of the RSS measured; run with DATABASE_URL for the application alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/bootstrap.js';
import { buildApp } from '../src/server/app.js';
import { seedAttendees } from '../test/helpers/seed-attendees.js';

const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number);
const MB = 1024 * 1024;
const mb = (n: number) => Number((n / MB).toFixed(1));

/**
 * Runs `fn` while sampling RSS and heap every 10 ms; returns time and peaks above the start.
 * With `live`, every sample first forces a full GC, so the heap figure is what is actually
 * retained (garbage not yet collected would otherwise count); that slows `fn`, so timings
 * come from the run without it.
 */
async function measure<T>(fn: () => Promise<T>, live = false) {
  const gc = (globalThis as { gc?: () => void }).gc;
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const timer = setInterval(() => {
    if (live) gc?.();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, live ? 100 : 10);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  const end = process.memoryUsage();
  peakRss = Math.max(peakRss, end.rss);
  peakHeap = Math.max(peakHeap, end.heapUsed);
  return { result, ms: Math.round(ms), rssStartMb: mb(start.rss), rssPeakMb: mb(peakRss), rssGrowthMb: mb(peakRss - start.rss), heapGrowthMb: mb(peakHeap - start.heapUsed) };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKERS: 'false', SERVE_WEB: 'false', APP_SECRET: process.env.APP_SECRET ?? 'bench-secret-bench-secret-bench-secret-1234' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const json = async (method: string, url: string, body?: unknown, token?: string) => {
    const r = await fetch(base + url, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await r.json()) as any;
  };
  const su = await json('POST', '/api/v1/auth/signup', { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench' });
  const token = su.token as string;
  const results = [];
  for (const n of SIZES) {
    const start = new Date(Date.now() + 7 * 86400_000).toISOString();
    const end = new Date(Date.now() + 7 * 86400_000 + 3600_000).toISOString();
    const ev = await json('POST', '/api/v1/events', { title: `Export ${n}`, timeZone: 'Europe/Warsaw', format: 'online', kind: 'single', startsAt: start, endsAt: end }, token);
    const tt = await json('POST', `/api/v1/events/${ev.id}/ticket-types`, { name: 'Free', price: { amount: 0, currency: 'PLN' } }, token);
    const s0 = performance.now();
    await seedAttendees(ctx.database.pool, { organizationId: su.organization.id, eventId: ev.id, ticketTypeId: tt.id, n, perOrder: 4 });
    const seedMs = Math.round(performance.now() - s0);

    // Foyer: the streamed CSV over HTTP, consumed chunk by chunk (nothing kept).
    const download = async () => {
      const res = await fetch(`${base}/api/v1/events/${ev.id}/attendees.csv`, { headers: { authorization: `Bearer ${token}` } });
      let bytes = 0;
      let rows = -1; // header
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 0x0a) rows++;
      }
      return { status: res.status, bytes, rows };
    };
    const foyer = await measure(download);
    // Same export again, GC forced at every 100 ms sample: the heap it really holds.
    const live = await measure(download, true);
    // Baseline: the same rows with one plain SELECT into memory.
    const select = async () => {
      const r = await ctx.database.pool.query(
        `SELECT a.*, tt.name AS ticket_type, s.starts_at, o.status AS order_status, o.total_amount, o.completed_at, o.buyer_first_name, o.buyer_last_name, o.buyer_email, o.payment_method, o.source
           FROM attendees a JOIN orders o ON o.id = a.order_id JOIN ticket_types tt ON tt.id = a.ticket_type_id LEFT JOIN sessions s ON s.id = a.session_id
          WHERE a.event_id = $1 AND a.organization_id = $2 AND o.status IN ('completed','partially_refunded') ORDER BY a.order_id, a.position, a.id`,
        [ev.id, su.organization.id],
      );
      return { rows: r.rows.length };
    };
    const baseline = await measure(select);
    const baselineLive = await measure(select, true);
    if (foyer.result.rows !== n || live.result.rows !== n || baseline.result.rows !== n) throw new Error(`row count mismatch: export ${foyer.result.rows}, baseline ${baseline.result.rows}, expected ${n}`);
    results.push({
      attendees: n,
      seedMs,
      foyer: { ms: foyer.ms, rowsPerSec: Math.round(n / (foyer.ms / 1000)), mb: mb(foyer.result.bytes), rssStartMb: foyer.rssStartMb, rssPeakMb: foyer.rssPeakMb, rssGrowthMb: foyer.rssGrowthMb, heapGrowthMb: foyer.heapGrowthMb, liveHeapGrowthMb: live.heapGrowthMb },
      baseline: { ms: baseline.ms, rssStartMb: baseline.rssStartMb, rssPeakMb: baseline.rssPeakMb, rssGrowthMb: baseline.rssGrowthMb, heapGrowthMb: baseline.heapGrowthMb, liveHeapGrowthMb: baselineLive.heapGrowthMb },
      ratio: {
        time: Number((foyer.ms / baseline.ms).toFixed(2)),
        rssGrowth: Number((foyer.rssGrowthMb / Math.max(baseline.rssGrowthMb, 0.1)).toFixed(3)),
        heapGrowth: Number((foyer.heapGrowthMb / Math.max(baseline.heapGrowthMb, 0.1)).toFixed(3)),
      },
    });
  }
  console.log(JSON.stringify({ bench: 'export', database: ctx.database.embedded ? 'pglite' : 'postgresql', gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function', results }, null, 2));
  await app.close();
  await ctx.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
