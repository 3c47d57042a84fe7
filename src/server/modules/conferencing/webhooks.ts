import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.js';
import { zoomCredentialsForAccount } from './accounts.service.js';
import { recordDrift } from './drift.service.js';
import type { ConferenceRow } from './sync.service.js';

const MAX_AGE_MS = 5 * 60_000;

function sign(secret: string, timestamp: string, raw: string) {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
}

function verify(secret: string, timestamp: string, raw: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, raw));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Timestamp in seconds or milliseconds (Zoom's unit is not settled, reference/zoom.md). */
function fresh(timestamp: string, now = Date.now()): boolean {
  const n = Number(timestamp);
  if (!Number.isFinite(n)) return false;
  const ms = n > 1e12 ? n : n * 1000;
  return Math.abs(now - ms) <= MAX_AGE_MS;
}

async function allZoomSecrets(ctx: AppContext, accountId: string | undefined) {
  if (accountId) return zoomCredentialsForAccount(ctx, accountId);
  const r = await ctx.database.pool.query<{ account_id: string }>(`SELECT DISTINCT config::jsonb->>'accountId' AS account_id FROM credentials WHERE provider = 'zoom'`);
  const all = [];
  for (const row of r.rows) all.push(...(await zoomCredentialsForAccount(ctx, row.account_id)));
  return all;
}

/**
 * POST /webhooks/zoom — outside the organiser scope. The raw body is kept for the signature;
 * forged or stale requests get 401. Changes made in Zoom become drift the organiser can repair.
 */
export function zoomWebhookRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
    app.post('/webhooks/zoom', { schema: { hide: true } }, async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const timestamp = String(req.headers['x-zm-request-timestamp'] ?? '');
      const signature = String(req.headers['x-zm-signature'] ?? '');
      let body: { event?: string; payload?: Record<string, any>; event_ts?: number };
      try {
        body = JSON.parse(raw);
      } catch {
        return reply.status(400).send({ error: { code: 'invalid_body', message: 'Body must be JSON' } });
      }
      if (!timestamp || !signature || !fresh(timestamp)) return reply.status(401).send({ error: { code: 'invalid_signature', message: 'Missing or stale signature' } });
      const candidates = (await allZoomSecrets(ctx, body.payload?.account_id)).filter((c) => c.webhookSecretToken);
      const match = candidates.find((c) => verify(c.webhookSecretToken!, timestamp, raw, signature));
      if (!match) return reply.status(401).send({ error: { code: 'invalid_signature', message: 'Signature does not verify' } });

      if (body.event === 'endpoint.url_validation') {
        const plainToken = String(body.payload?.plainToken ?? '');
        return reply.status(200).send({ plainToken, encryptedToken: createHmac('sha256', match.webhookSecretToken!).update(plainToken).digest('hex') });
      }
      // One Zoom account may be connected by several organisations: each checks its own conferences.
      const orgs = new Set(candidates.filter((c) => verify(c.webhookSecretToken!, timestamp, raw, signature)).map((c) => c.organizationId));
      for (const org of orgs) await handleEvent(ctx, org, body as { event: string; payload: Record<string, any>; event_ts?: number });
      return reply.status(200).send({ ok: true });
    });
  };
}

async function handleEvent(ctx: AppContext, organizationId: string, body: { event: string; payload: Record<string, any>; event_ts?: number }) {
  const obj = (body.payload?.object ?? {}) as Record<string, any>;
  const id = obj.id !== undefined ? String(obj.id) : null;
  if (!id) return;
  const kind = body.event.startsWith('webinar.') ? 'webinar' : 'meeting';
  const r = await ctx.database.pool.query<ConferenceRow>(
    `SELECT * FROM conferences WHERE organization_id = $1 AND provider = 'zoom' AND external_id = $2 AND kind = $3 AND status = 'active'`,
    [organizationId, id, kind],
  );
  const ts = String(body.event_ts ?? '');
  for (const c of r.rows) {
    if (body.event.endsWith('.registration_cancelled') || body.event.endsWith('.registration_denied')) {
      const email = String(obj.registrant?.email ?? '').toLowerCase();
      if (!email) continue;
      // Only drift if Foyer believes the person is registered (our own cancellations echo back).
      const reg = await ctx.database.pool.query(`SELECT 1 FROM registrations WHERE conference_id = $1 AND email = $2 AND status = 'registered'`, [c.id, email]);
      if (!reg.rowCount) continue;
      await recordDrift(ctx, c, { kind: 'registrant_cancelled', email, source: 'webhook', details: { event: body.event, registrantId: obj.registrant?.id ?? null, operator: body.payload.operator ?? null }, dedupe: `${c.id}:registrant_cancelled:${email}:open` });
    } else if (body.event.endsWith('.updated')) {
      const old = (body.payload.old_object ?? {}) as Record<string, unknown>;
      const changed = Object.keys(obj).filter((k) => !['id', 'uuid', 'host_id'].includes(k));
      if (!changed.some((k) => ['topic', 'start_time', 'duration', 'timezone', 'recurrence', 'occurrences'].includes(k))) continue;
      if (await matchesFoyer(ctx, c, obj)) continue; // the echo of Foyer's own update
      await recordDrift(ctx, c, { kind: 'conference_updated', source: 'webhook', details: { event: body.event, changed: Object.fromEntries(changed.map((k) => [k, obj[k]])), previous: old }, dedupe: `${c.id}:conference_updated:${ts || JSON.stringify(obj)}` });
    } else if (body.event.endsWith('.deleted')) {
      await recordDrift(ctx, c, { kind: 'conference_deleted', source: 'webhook', details: { event: body.event, occurrences: obj.occurrences ?? null }, dedupe: `${c.id}:conference_deleted:open` });
      await ctx.database.pool.query(`UPDATE conferences SET last_error = $2 WHERE id = $1`, [c.id, `Deleted in Zoom (${body.event})`]);
    }
  }
}

/** True when the changed fields already equal what Foyer would set (title, start, duration). */
async function matchesFoyer(ctx: AppContext, c: ConferenceRow, obj: Record<string, any>): Promise<boolean> {
  const r = await ctx.database.pool.query<{ title: string; starts_at: Date; ends_at: Date }>(
    c.session_id
      ? `SELECT e.title, s.starts_at, s.ends_at FROM sessions s JOIN events e ON e.id = s.event_id WHERE s.id = $1`
      : `SELECT e.title, coalesce(s.starts_at, e.starts_at) AS starts_at, coalesce(s.ends_at, e.ends_at) AS ends_at FROM events e
           LEFT JOIN LATERAL (SELECT starts_at, ends_at FROM sessions WHERE event_id = e.id AND status = 'active' ORDER BY starts_at LIMIT 1) s ON true WHERE e.id = $1`,
    [c.session_id ?? c.event_id],
  );
  const want = r.rows[0];
  if (!want) return false;
  if (obj.topic !== undefined && obj.topic !== want.title.slice(0, 200)) return false;
  if (obj.start_time !== undefined && Date.parse(obj.start_time) !== want.starts_at.getTime()) return false;
  if (obj.duration !== undefined && Number(obj.duration) !== Math.max(1, Math.round((want.ends_at.getTime() - want.starts_at.getTime()) / 60_000))) return false;
  return obj.topic !== undefined || obj.start_time !== undefined || obj.duration !== undefined;
}
