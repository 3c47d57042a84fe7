/**
 * npm run bench:sync — registers N (default 10,000) attendees of a webinar with the Zoom
 * emulator under Zoom Pro rate limits (Light 30/s, Medium 20/s, Heavy 10/s), through the real
 * sync engine (pg-boss job, batch registration ≤ 30, Retry-After) on embedded PGlite or
 * DATABASE_URL. Runs twice: clean, and with injected faults (429 storms, 5xx, lost answers).
 * Prints JSON: wall time, Zoom API calls, the theoretical minimum for those limits, the ratio,
 * duplicates and lost registrations. Options: N, FAULTS=0 to skip the faulty run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/bootstrap.js';
import { buildApp } from '../src/server/app.js';
import { newId, newSecretToken } from '../src/server/lib/tokens.js';
import { insertRows } from '../src/server/db/sql.js';
import { startZoomEmulator, DEFAULT_ACCOUNT } from '../test/emulators/zoom/zoom-emulator.js';

const N = Number(process.env.N ?? 10_000);
const HEAVY_PER_SECOND = 10;
const BATCH = 30;

async function main() {
  const zoom = await startZoomEmulator({
    accounts: [{ ...DEFAULT_ACCOUNT, users: DEFAULT_ACCOUNT.users!.map((u) => (u.email === 'owner@example.com' ? { ...u, webinarCapacity: 10_000 } : u)) }],
    rateLimits: { perSecond: { Light: 30, Medium: 20, Heavy: HEAVY_PER_SECOND }, heavyDaily: 1_000_000 },
    requestLogLimit: 1000,
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-sync-bench-'));
  const config = loadConfig({
    ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SERVE_WEB: 'false', WORKERS: 'true', DB_POOL_MAX: '20',
    ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '2000', APP_SECRET: process.env.APP_SECRET ?? 'bench-secret-bench-secret-bench-secret-1234',
  });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildApp(ctx);
  await app.ready();
  const call = async (method: string, url: string, body?: unknown, token?: string) => {
    const r = await app.inject({ method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body ? { payload: body as object } : {}) });
    return { status: r.statusCode, body: r.json() as any };
  };
  const su = await call('POST', '/api/v1/auth/signup', { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench' });
  const token = su.body.token as string;
  await call('PUT', '/api/v1/integrations/zoom', zoom.credentials, token);

  async function run(label: string, faults: boolean) {
    const start = new Date(Date.now() + 7 * 86400_000);
    start.setUTCMinutes(0, 0, 0);
    const ev = await call('POST', '/api/v1/events', { title: `Bench ${label}`, timeZone: 'UTC', format: 'in_person', venue: 'Hall', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString() }, token);
    const tt = await call('POST', `/api/v1/events/${ev.body.id}/ticket-types`, { name: 'Free', price: { amount: 0, currency: 'EUR' } }, token);
    await call('POST', `/api/v1/events/${ev.body.id}/publish`, undefined, token);
    // N completed attendees written directly (this measures the sync, not checkout).
    const orgId = su.body.organization.id;
    for (let i = 0; i < N; i += 1000) {
      const chunk = Array.from({ length: Math.min(1000, N - i) }, (_, k) => i + k);
      const orders = chunk.map((j) => ({ id: newId('ord'), item: newId('oit'), j }));
      const client = await ctx.database.pool.connect();
      try {
        await insertRows(client, 'orders', ['id', 'organization_id', 'event_id', 'token', 'status', 'buyer_first_name', 'buyer_last_name', 'buyer_email', 'payment_method', 'currency', 'subtotal_amount', 'total_amount', 'completed_at'],
          orders.map((o) => [o.id, orgId, ev.body.id, newSecretToken(), 'completed', 'Att', String(o.j), `${label}-${o.j}@bench.example`, 'free', 'EUR', 0, 0, new Date()]));
        await insertRows(client, 'order_items', ['id', 'organization_id', 'order_id', 'ticket_type_id', 'quantity', 'unit_amount', 'currency'], orders.map((o) => [o.item, orgId, o.id, tt.body.id, 1, 0, 'EUR']));
        await insertRows(client, 'attendees', ['id', 'organization_id', 'event_id', 'order_id', 'order_item_id', 'ticket_type_id', 'first_name', 'last_name', 'email', 'is_buyer', 'ticket_token'],
          orders.map((o) => [newId('att'), orgId, ev.body.id, o.id, o.item, tt.body.id, 'Att', String(o.j), `${label}-${o.j}@bench.example`, true, newSecretToken()]));
      } finally {
        client.release();
      }
    }
    await call('PATCH', `/api/v1/events/${ev.body.id}`, { format: 'online' }, token);
    if (faults) {
      zoom.setFault({ kind: 'rate-limit', method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 15, skip: 20, retryAfter: 1 });
      zoom.setFault({ kind: 'error', status: 503, method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 5, skip: 60 });
      zoom.setFault({ kind: 'commit-then-hang', method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 3, skip: 100 });
      zoom.setFault({ kind: 'commit-then-reset', method: 'POST', path: '/webinars/{webinarId}/batch_registrants', times: 2, skip: 150 });
    }
    const regCalls = () => [...zoom.state.calls.entries()].filter(([k]) => k.includes('registrants') || k.includes('/oauth/token')).reduce((a, [, b]) => a + b, 0);
    const callsBefore = regCalls();
    const batchBefore = zoom.callCount('POST /webinars/{webinarId}/batch_registrants');
    const t0 = performance.now();
    // Converting the event: one PUT registers all N existing attendees.
    const put = await call('PUT', `/api/v1/events/${ev.body.id}/conference`, { provider: 'zoom', mode: 'generate', kind: 'webinar' }, token);
    if (put.status !== 200) throw new Error(`conference: ${put.status} ${JSON.stringify(put.body)}`);
    const webinarId = Number(put.body.data[0].externalId);
    let summary: any;
    for (;;) {
      const r = await ctx.database.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM registrations WHERE event_id = $1 GROUP BY status`, [ev.body.id]);
      summary = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
      if ((summary.registered ?? 0) + (summary.failed ?? 0) >= N) break;
      if (performance.now() - t0 > 30 * 60_000) break;
      if (process.env.PROGRESS) process.stderr.write(`${label} ${((performance.now() - t0) / 1000).toFixed(1)}s ${JSON.stringify(summary)}\n`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    zoom.clearFaults();
    // Registration calls (single, batch, status, list) and token fetches; creating the webinar is not counted.
    const apiCalls = regCalls() - callsBefore;
    const zoomRegs = [...zoom.state.registrants.values()].filter((r) => r.conferenceId === webinarId && r.status === 'approved');
    const emails = new Set(zoomRegs.map((r) => r.email));
    const foyer = await ctx.database.pool.query<{ email: string; provider_registrant_id: string }>(`SELECT email, provider_registrant_id FROM registrations WHERE event_id = $1 AND status = 'registered'`, [ev.body.id]);
    const ids = new Set(foyer.rows.map((r) => r.provider_registrant_id));
    const minCalls = Math.ceil(N / BATCH);
    const minSeconds = (minCalls - HEAVY_PER_SECOND) / HEAVY_PER_SECOND; // the first second's allowance is free
    return {
      label, n: N, wallSeconds: Number(wallSeconds.toFixed(2)), apiCalls, batchCalls: zoom.callCount('POST /webinars/{webinarId}/batch_registrants') - batchBefore,
      theoreticalMinimum: { apiCalls: minCalls, seconds: Number(Math.max(0, minSeconds).toFixed(2)), limits: { heavyPerSecond: HEAVY_PER_SECOND, batchSize: BATCH } },
      ratio: { seconds: Number((wallSeconds / Math.max(1, minSeconds)).toFixed(2)), apiCalls: Number((apiCalls / minCalls).toFixed(2)) },
      registeredInFoyer: foyer.rowCount, registeredInZoom: zoomRegs.length,
      duplicates: zoomRegs.length - emails.size + (foyer.rowCount! - ids.size),
      lost: N - emails.size,
      failed: summary.failed ?? 0,
    };
  }

  const results = [await run('clean', false)];
  if (process.env.FAULTS !== '0') results.push(await run('faults', true));
  console.log(JSON.stringify({ benchmark: 'sync', database: config.DATABASE_URL ? 'postgresql' : 'pglite', results }, null, 2));
  await app.close();
  await ctx.shutdown();
  await zoom.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
