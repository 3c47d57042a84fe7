/**
 * npm run bench:checkout — N concurrent buyers against a capacity, on the configured
 * database (DATABASE_URL, or embedded PGlite in a temporary folder), through the real HTTP
 * API. Baseline, measured in the same run on the same database: the bare SQL inventory
 * transaction (conditional UPDATE of a counter + INSERT of an order row) at the same
 * concurrency. Prints JSON. Options: BUYERS (2000), CONCURRENCY (50), CAPACITY (BUYERS/2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/bootstrap.js';
import { buildApp } from '../src/server/app.js';

const BUYERS = Number(process.env.BUYERS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const CAPACITY = Number(process.env.CAPACITY ?? Math.floor(BUYERS / 2));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(2));
};

async function runPool(n: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKERS: 'false', SERVE_WEB: 'false', DB_POOL_MAX: String(Math.max(4, Math.min(CONCURRENCY, 40))), APP_SECRET: process.env.APP_SECRET ?? 'bench-secret-bench-secret-bench-secret-1234' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const json = async (method: string, url: string, body?: unknown, token?: string) => {
    const r = await fetch(base + url, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json()) as any };
  };

  // Set up an organisation and a published free event with the given capacity.
  const su = await json('POST', '/api/v1/auth/signup', { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench' });
  const token = su.body.token;
  const start = new Date(Date.now() + 7 * 86400_000).toISOString();
  const end = new Date(Date.now() + 7 * 86400_000 + 3600_000).toISOString();
  const ev = await json('POST', '/api/v1/events', { title: 'Bench webinar', timeZone: 'UTC', format: 'online', startsAt: start, endsAt: end }, token);
  const tt = await json('POST', `/api/v1/events/${ev.body.id}/ticket-types`, { name: 'Free', price: { amount: 0, currency: 'EUR' }, capacity: CAPACITY }, token);
  await json('POST', `/api/v1/events/${ev.body.id}/publish`, undefined, token);

  // Foyer: full checkout over HTTP.
  const lat: number[] = [];
  let created = 0;
  let soldOut = 0;
  let other = 0;
  const t0 = performance.now();
  await runPool(BUYERS, CONCURRENCY, async (i) => {
    const s = performance.now();
    const r = await json('POST', `/api/v1/public/events/${ev.body.slug}/orders`, { items: [{ ticketTypeId: tt.body.id, quantity: 1 }], buyer: { firstName: 'B', lastName: String(i), email: `buyer-${i}@example.com` } });
    lat.push(performance.now() - s);
    if (r.status === 201) created++;
    else if (r.status === 409) soldOut++;
    else if (other++ === 0) console.error('unexpected answer', r.status, JSON.stringify(r.body));
  });
  const foyerSec = (performance.now() - t0) / 1000;
  const sold = await ctx.database.pool.query(`SELECT count(*)::int AS n FROM attendees WHERE event_id = $1 AND status = 'active'`, [ev.body.id]);

  // Baseline: the bare inventory transaction, same database, same concurrency.
  const pool = ctx.database.pool;
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_inventory (id int PRIMARY KEY, capacity int NOT NULL, reserved int NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_orders (id serial PRIMARY KEY, buyer text NOT NULL)`);
  await pool.query(`INSERT INTO bench_inventory VALUES (1, $1, 0) ON CONFLICT (id) DO UPDATE SET capacity = $1, reserved = 0`, [CAPACITY]);
  const blat: number[] = [];
  const b0 = performance.now();
  await runPool(BUYERS, CONCURRENCY, async (i) => {
    const s = performance.now();
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const r = await c.query(`UPDATE bench_inventory SET reserved = reserved + 1 WHERE id = 1 AND reserved + 1 <= capacity RETURNING reserved`);
      if (r.rowCount) await c.query(`INSERT INTO bench_orders (buyer) VALUES ($1)`, [`buyer-${i}`]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
    blat.push(performance.now() - s);
  });
  const baseSec = (performance.now() - b0) / 1000;
  await pool.query(`DROP TABLE bench_inventory; DROP TABLE bench_orders`);

  const foyer = { ordersPerSec: Number((BUYERS / foyerSec).toFixed(1)), p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), created, soldOut, otherErrors: other, sold: sold.rows[0].n, oversold: Math.max(0, sold.rows[0].n - CAPACITY) };
  const baseline = { txPerSec: Number((BUYERS / baseSec).toFixed(1)), p50Ms: pct(blat, 50), p99Ms: pct(blat, 99) };
  console.log(JSON.stringify({
    bench: 'checkout',
    database: ctx.database.embedded ? 'pglite' : 'postgresql',
    buyers: BUYERS,
    concurrency: CONCURRENCY,
    capacity: CAPACITY,
    foyer,
    baseline,
    ratio: { throughput: Number((foyer.ordersPerSec / baseline.txPerSec).toFixed(3)), p50: Number((foyer.p50Ms / baseline.p50Ms).toFixed(2)) },
  }, null, 2));
  await app.close();
  await ctx.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
