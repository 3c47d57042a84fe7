import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { transaction } from '../../db/transaction.js';
import { AppError } from '../../lib/errors.js';
import { maskSecret } from '../../lib/crypto.js';
import { newId } from '../../lib/tokens.js';
import { GATEWAY_IDS, gatewayFactories, type GatewayId } from '../../providers/payments/gateways.js';
import type { GatewayConfig, PaymentGateway } from '../../providers/payments/port.js';
import type { Principal } from '../auth/auth.service.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { knownPaymentMethods } from '../../providers/payments/registry.js';

/** Credential bodies of `PUT /api/v1/integrations/{provider}`. */
export const CredentialInputs = {
  stripe: z.object({
    secretKey: z.string().trim().min(10).max(300).describe('sk_… or a restricted rk_… key (Checkout Sessions, Products, Prices write; Refunds write to refund)'),
    webhookSecret: z.string().trim().min(10).max(300).describe('Signing secret (whsec_…) of the endpoint <APP_URL>/webhooks/stripe'),
  }),
  paypal: z.object({
    clientId: z.string().trim().min(5).max(300),
    clientSecret: z.string().trim().min(5).max(300),
    webhookId: z.string().trim().min(3).max(100).describe('Id of the webhook <APP_URL>/webhooks/paypal in the PayPal app'),
  }),
  payu: z.object({
    posId: z.string().trim().min(1).max(30),
    clientId: z.string().trim().max(100).optional(),
    clientSecret: z.string().trim().min(5).max(300),
    secondKey: z.string().trim().min(5).max(300).describe('"Second key (MD5)" that signs notifications to <APP_URL>/webhooks/payu'),
  }),
} as const;

export function gatewayConfig(ctx: AppContext): GatewayConfig {
  const c = ctx.config;
  return {
    appUrl: c.appUrl,
    stripe: { host: c.STRIPE_API_HOST, port: c.STRIPE_API_PORT, protocol: c.STRIPE_API_PROTOCOL },
    paypalApiUrl: c.PAYPAL_API_URL,
    payuApiUrl: c.PAYU_API_URL,
    payuOAuthUrl: c.PAYU_OAUTH_URL ?? `${c.PAYU_API_URL.replace(/\/$/, '')}/pl/standard/user/oauth/authorize`,
  };
}

function split(provider: GatewayId, input: Record<string, string | undefined>) {
  const secretFields = gatewayFactories[provider]!.secretFields;
  const config: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    (secretFields.includes(k) ? secret : config)[k] = v;
  }
  return { config, secret };
}

/**
 * Validates credentials against the provider (a clear 422 when a key is wrong or lacks a
 * permission), then stores them: settings in `config`, secrets AES-GCM encrypted.
 */
export async function saveCredentials(ctx: AppContext, p: Principal, provider: GatewayId, input: Record<string, string | undefined>) {
  const factory = gatewayFactories[provider]!;
  await factory.create(input as never, gatewayConfig(ctx)).validateCredentials();
  const { config, secret } = split(provider, input);
  await transaction(ctx.database.pool, async (tx) => {
    const sealed = ctx.secrets.encrypt(JSON.stringify(secret));
    const r = await tx.client.query<{ id: string; config: string }>(
      `UPDATE credentials c SET config = $3, secret = $4, updated_at = now()
         FROM (SELECT id, config FROM credentials WHERE organization_id = $1 AND provider = $2 AND member_id IS NULL FOR UPDATE) old
        WHERE c.id = old.id RETURNING c.id, old.config`,
      [p.organizationId, provider, JSON.stringify(config), sealed],
    );
    const id = r.rows[0]?.id ?? newId('crd');
    if (!r.rowCount) {
      await tx.client.query(`INSERT INTO credentials (id, organization_id, provider, config, secret) VALUES ($1,$2,$3,$4,$5)`, [id, p.organizationId, provider, JSON.stringify(config), sealed]);
    }
    // Settings only (ids, modes): secrets never reach the audit log, only that they were set.
    await emitOrganiserAction(ctx, tx, p, {
      type: 'integration.saved', aggregateType: 'integration', aggregateId: id,
      before: r.rows[0] ? JSON.parse(r.rows[0].config) : null, after: config, details: { provider, secretsSet: Object.keys(secret) },
    });
  });
  return describe(provider, config, secret);
}

export async function deleteCredentials(ctx: AppContext, p: Principal, provider: GatewayId) {
  await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<{ id: string; config: string }>(`DELETE FROM credentials WHERE organization_id = $1 AND provider = $2 AND member_id IS NULL RETURNING id, config`, [p.organizationId, provider]);
    for (const row of r.rows) {
      await emitOrganiserAction(ctx, tx, p, { type: 'integration.removed', aggregateType: 'integration', aggregateId: row.id, before: JSON.parse(row.config), details: { provider } });
    }
  });
}

function describe(provider: string, config: Record<string, string>, secret: Record<string, string>) {
  const masked = Object.fromEntries(Object.entries(secret).map(([k, v]) => [k, maskSecret(v)]));
  return { provider, configured: true, settings: { ...config, ...masked } };
}

/** Every integration of the organisation with secrets masked (never echoed). */
/** Flattens a stored object to the string map the API returns (lists joined, empty values left out). */
function strings(o: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!o || typeof o !== 'object') return out;
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (v === null || v === undefined || v === '') continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

export async function listIntegrations(ctx: AppContext, organizationId: string) {
  const r = await ctx.database.pool.query<{ provider: string; config: string; secret: string; updated_at: Date }>(
    `SELECT provider, config, secret, updated_at FROM credentials WHERE organization_id = $1 AND member_id IS NULL ORDER BY provider`,
    [organizationId],
  );
  return r.rows.map((row) => {
    let secret: Record<string, string> = {};
    try {
      const parsed: unknown = JSON.parse(ctx.secrets.decrypt(row.secret));
      secret = parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : { secret: String(parsed) };
    } catch {
      secret = { secret: '••••' };
    }
    // Zoom's row has lists and nulls (visible hosts, no webhook token): show strings only.
    return { ...describe(row.provider, strings(JSON.parse(row.config || '{}')), strings(secret)), updatedAt: row.updated_at.toISOString() };
  });
}

async function loadCredentials(ctx: AppContext, organizationId: string, provider: string): Promise<Record<string, string> | null> {
  const r = await ctx.database.pool.query<{ config: string; secret: string }>(
    `SELECT config, secret FROM credentials WHERE organization_id = $1 AND provider = $2 AND member_id IS NULL ORDER BY updated_at DESC LIMIT 1`,
    [organizationId, provider],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { ...(JSON.parse(row.config || '{}') as Record<string, string>), ...(JSON.parse(ctx.secrets.decrypt(row.secret)) as Record<string, string>) };
}

/** The provider gateway for one organisation, built from its stored credentials. */
export async function gatewayFor(ctx: AppContext, organizationId: string, provider: string): Promise<PaymentGateway | null> {
  const factory = gatewayFactories[provider];
  if (!factory) return null;
  const creds = await loadCredentials(ctx, organizationId, provider);
  return creds ? factory.create(creds as never, gatewayConfig(ctx)) : null;
}

export async function requireGateway(ctx: AppContext, organizationId: string, provider: string): Promise<PaymentGateway> {
  const g = await gatewayFor(ctx, organizationId, provider);
  if (!g) throw new AppError('provider_not_configured', 409, `${provider} is not connected for this organisation; add its credentials under Integrations`);
  return g;
}

/** Payment methods an organisation can offer: free, manual (and any port-only provider) always; Stripe/PayPal/PayU once connected. */
export async function availablePaymentMethods(ctx: AppContext, organizationId: string): Promise<string[]> {
  const r = await ctx.database.pool.query<{ provider: string }>(
    `SELECT DISTINCT provider FROM credentials WHERE organization_id = $1 AND member_id IS NULL AND provider = ANY($2)`,
    [organizationId, GATEWAY_IDS],
  );
  const connected = new Set(r.rows.map((x) => x.provider));
  return knownPaymentMethods().filter((m) => !(GATEWAY_IDS as string[]).includes(m) || connected.has(m));
}
