import type { AppContext } from '../../context.js';
import type { Principal } from '../auth/auth.service.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { transaction } from '../../db/transaction.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { maskSecret } from '../../lib/crypto.js';
import { newId } from '../../lib/tokens.js';
import { buildConferencingProvider, type ProviderEnv } from '../../providers/conferencing/registry.js';
import type { ConferencingProvider } from '../../providers/conferencing/port.js';
import { zoomProvider, type ZoomProvider } from '../../providers/conferencing/zoom/zoom.adapter.js';
import { ProviderError } from '../../providers/conferencing/port.js';

export function providerEnv(ctx: AppContext): ProviderEnv {
  return { jitsiDomain: ctx.config.JITSI_DOMAIN, zoomOAuthUrl: ctx.config.ZOOM_OAUTH_URL, zoomTimeoutMs: ctx.config.ZOOM_TIMEOUT_MS };
}

export interface ZoomIntegrationIn {
  accountId: string;
  clientId: string;
  clientSecret?: string;
  webhookSecretToken?: string;
  /** Hosts whose meetings are listed for linking (default: the credentials' user). */
  visibleHostIds?: string[];
  /** Host of auto-generated conferences (default: the credentials' user). */
  generateHostId?: string;
  /** Who sends the join link: Foyer (default) or Zoom's own confirmation e-mail. */
  joinLinkSender?: 'foyer' | 'zoom';
}

interface ZoomCredentialRow {
  id: string;
  config: string;
  secret: string;
  member_id: string | null;
}

export interface ZoomSecrets {
  credentialId: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  webhookSecretToken: string | null;
  visibleHostIds: string[];
  generateHostId: string | null;
  joinLinkSender: 'foyer' | 'zoom';
}

function decode(ctx: AppContext, row: ZoomCredentialRow): ZoomSecrets {
  const config = JSON.parse(row.config) as Record<string, unknown>;
  const secret = JSON.parse(ctx.secrets.decrypt(row.secret)) as { clientSecret: string; webhookSecretToken?: string | null };
  return {
    credentialId: row.id,
    accountId: String(config.accountId),
    clientId: String(config.clientId),
    clientSecret: secret.clientSecret,
    webhookSecretToken: secret.webhookSecretToken ?? null,
    visibleHostIds: (config.visibleHostIds as string[] | undefined) ?? [],
    generateHostId: (config.generateHostId as string | undefined) ?? null,
    joinLinkSender: config.joinLinkSender === 'zoom' ? 'zoom' : 'foyer',
  };
}

export async function findZoomCredentials(ctx: AppContext, organizationId: string, memberId: string | null = null): Promise<ZoomSecrets | null> {
  const r = await ctx.database.pool.query<ZoomCredentialRow>(
    `SELECT id, config, secret, member_id FROM credentials WHERE organization_id = $1 AND provider = 'zoom' AND member_id IS NOT DISTINCT FROM $2 ORDER BY updated_at DESC LIMIT 1`,
    [organizationId, memberId],
  );
  return r.rows[0] ? decode(ctx, r.rows[0]) : null;
}

/** Every Zoom credential whose Zoom account id matches (webhooks name the account). */
export async function zoomCredentialsForAccount(ctx: AppContext, zoomAccountId: string): Promise<Array<ZoomSecrets & { organizationId: string }>> {
  const r = await ctx.database.pool.query<ZoomCredentialRow & { organization_id: string }>(
    `SELECT id, config, secret, member_id, organization_id FROM credentials WHERE provider = 'zoom' AND config::jsonb->>'accountId' = $1`,
    [zoomAccountId],
  );
  return r.rows.map((row) => ({ ...decode(ctx, row), organizationId: row.organization_id }));
}

export function serializeZoomIntegration(z: ZoomSecrets | null) {
  if (!z) return { connected: false as const };
  return {
    connected: true as const,
    accountId: z.accountId,
    clientId: z.clientId,
    clientSecret: maskSecret(z.clientSecret),
    webhookSecretToken: z.webhookSecretToken ? maskSecret(z.webhookSecretToken) : null,
    visibleHostIds: z.visibleHostIds,
    generateHostId: z.generateHostId,
    joinLinkSender: z.joinLinkSender,
  };
}

/** Stores (or updates) Zoom credentials; secrets encrypted with ctx.secrets, omitted ones kept. */
export async function putZoomIntegration(ctx: AppContext, p: Principal, input: ZoomIntegrationIn, memberId: string | null = null) {
  const existing = await findZoomCredentials(ctx, p.organizationId, memberId);
  const clientSecret = input.clientSecret ?? existing?.clientSecret;
  if (!clientSecret) throw invalid('clientSecret', 'is required');
  const webhookSecretToken = input.webhookSecretToken ?? existing?.webhookSecretToken ?? null;
  const config = JSON.stringify({
    accountId: input.accountId,
    clientId: input.clientId,
    visibleHostIds: input.visibleHostIds ?? existing?.visibleHostIds ?? [],
    generateHostId: input.generateHostId ?? existing?.generateHostId ?? null,
    joinLinkSender: input.joinLinkSender ?? existing?.joinLinkSender ?? 'foyer',
  });
  const secret = ctx.secrets.encrypt(JSON.stringify({ clientSecret, webhookSecretToken }));
  await transaction(ctx.database.pool, async (tx) => {
    const id = existing?.credentialId ?? newId('crd');
    if (existing) {
      await tx.client.query(`UPDATE credentials SET config = $2, secret = $3, updated_at = now() WHERE id = $1`, [id, config, secret]);
    } else {
      await tx.client.query(`INSERT INTO credentials (id, organization_id, member_id, provider, config, secret) VALUES ($1,$2,$3,'zoom',$4,$5)`, [id, p.organizationId, memberId, config, secret]);
    }
    // Settings only: the client secret and webhook token never reach the audit log.
    const settings = (z: Pick<ZoomSecrets, 'accountId' | 'clientId' | 'visibleHostIds' | 'generateHostId' | 'joinLinkSender'>) =>
      ({ accountId: z.accountId, clientId: z.clientId, visibleHostIds: z.visibleHostIds, generateHostId: z.generateHostId, joinLinkSender: z.joinLinkSender });
    await emitOrganiserAction(ctx, tx, p, {
      type: 'integration.saved', aggregateType: 'integration', aggregateId: id,
      before: existing ? settings(existing) : null, after: JSON.parse(config),
      details: { provider: 'zoom', memberId, secretsSet: [...(input.clientSecret ? ['clientSecret'] : []), ...(input.webhookSecretToken ? ['webhookSecretToken'] : [])] },
    });
  });
  return serializeZoomIntegration(await findZoomCredentials(ctx, p.organizationId, memberId));
}

export async function zoomFor(ctx: AppContext, organizationId: string, memberId: string | null = null): Promise<{ zoom: ZoomProvider; secrets: ZoomSecrets }> {
  const secrets = await findZoomCredentials(ctx, organizationId, memberId);
  if (!secrets) throw new AppError('zoom_not_connected', 409, 'Zoom is not connected: PUT /api/v1/integrations/zoom with the Server-to-Server OAuth app credentials first');
  const env = providerEnv(ctx);
  return { zoom: zoomProvider({ ...secrets, oauthUrl: env.zoomOAuthUrl, timeoutMs: env.zoomTimeoutMs }), secrets };
}

/** A provider failure shown to the organiser as a clear 4xx/502, never a 500. */
export function providerFailure(e: unknown): never {
  if (e instanceof AppError) throw e;
  if (e instanceof ProviderError) {
    if (/cannot schedule/i.test(e.message)) {
      throw new AppError('zoom_schedule_privilege', 422, `${e.message} — the chosen host must grant scheduling privilege to the credentials' user in Zoom (Settings → Schedule privilege)`, { fields: [{ field: 'hostId', message: 'lacks scheduling privilege' }] });
    }
    if (e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404 || e.status === 422) throw new AppError('provider_error', 422, e.message, { providerCode: e.code ?? null });
    throw new AppError('provider_unavailable', 502, e.message, { providerCode: e.code ?? null });
  }
  throw e;
}

// ---------- conferencing accounts (organisation default and staff members) ----------

export interface AccountIn {
  provider: string;
  url?: string;
  password?: string | null;
  description?: string | null;
  domain?: string;
  hostId?: string;
  zoom?: ZoomIntegrationIn;
}

export interface AccountRow {
  id: string;
  organization_id: string;
  member_id: string | null;
  provider: string;
  credential_id: string | null;
  settings: Record<string, unknown>;
}

export async function putConferencingAccount(ctx: AppContext, p: Principal, memberId: string | null, input: AccountIn) {
  if (memberId) {
    const m = await ctx.database.pool.query(`SELECT 1 FROM members WHERE id = $1 AND organization_id = $2`, [memberId, p.organizationId]);
    if (!m.rowCount) throw notFound('Member');
    if (p.role === 'staff' && p.memberId !== memberId) throw new AppError('forbidden', 403, 'Staff may set only their own conferencing account');
  } else if (p.role === 'staff') {
    throw new AppError('forbidden', 403, 'Only owners and admins set the organisation default');
  }
  if (input.provider === 'custom_link' && !input.url) throw invalid('url', 'is required for a custom link');
  if (input.provider === 'jitsi' && memberId === null && false) throw invalid('provider', 'unreachable');
  let credentialId: string | null = null;
  if (input.provider === 'zoom') {
    if (input.zoom) await putZoomIntegration(ctx, p, input.zoom, memberId);
    const creds = (await findZoomCredentials(ctx, p.organizationId, memberId)) ?? (memberId ? null : null);
    const orgCreds = creds ?? (await findZoomCredentials(ctx, p.organizationId, null));
    if (!orgCreds) throw new AppError('zoom_not_connected', 409, 'Connect Zoom first (PUT /api/v1/integrations/zoom, or pass `zoom` credentials here)');
    credentialId = orgCreds.credentialId;
  } else if (input.provider !== 'jitsi' && input.provider !== 'custom_link') {
    throw invalid('provider', 'must be zoom, jitsi or custom_link');
  }
  const settings: Record<string, unknown> = {};
  if (input.url) settings.url = input.url;
  if (input.password) settings.password = input.password;
  if (input.description) settings.description = input.description;
  if (input.domain) settings.domain = input.domain;
  if (input.hostId) settings.hostId = input.hostId;
  const previous = await getConferencingAccount(ctx, p.organizationId, memberId);
  const row = await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<AccountRow>(
      `INSERT INTO conferencing_accounts (id, organization_id, member_id, provider, credential_id, settings) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (organization_id, (coalesce(member_id, ''))) DO UPDATE SET provider = EXCLUDED.provider, credential_id = EXCLUDED.credential_id, settings = EXCLUDED.settings, updated_at = now()
       RETURNING *`,
      [newId('cfa'), p.organizationId, memberId, input.provider, credentialId, JSON.stringify(settings)],
    );
    const account = r.rows[0]!;
    // Editing a custom link updates every conference (past and future sessions) that uses it.
    if (input.provider === 'custom_link') {
      const changed = await tx.client.query<{ id: string; event_id: string }>(
        `UPDATE conferences SET join_url = $2, external_id = $2, passcode = $3, description = $4, updated_at = now() WHERE account_id = $1 AND provider = 'custom_link' AND status = 'active' RETURNING id, event_id`,
        [account.id, input.url, input.password ?? null, input.description ?? null],
      );
      for (const c of changed.rows) {
        await tx.client.query(`UPDATE registrations SET join_url = $2, updated_at = now() WHERE conference_id = $1 AND status = 'registered'`, [c.id, input.url]);
        await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'conference.changed', aggregateType: 'event', aggregateId: c.event_id, payload: { conferenceId: c.id, eventId: c.event_id, changes: ['link'], actorId: p.memberId } });
      }
    }
    // The passcode of a custom link is shown to attendees, but the log needs only that it changed.
    const audited = (a: AccountRow | null) => a && { provider: a.provider, ...a.settings, ...(a.settings.password ? { password: '(set)' } : {}) };
    await emitOrganiserAction(ctx, tx, p, {
      type: 'conferencing_account.saved', aggregateType: 'conferencing_account', aggregateId: account.id,
      before: audited(previous), after: audited(account), details: { memberId, scope: memberId ? 'member' : 'organization' },
    });
    return account;
  });
  return serializeAccount(row);
}

export function serializeAccount(a: AccountRow | null) {
  if (!a) return { provider: 'jitsi', memberId: null, settings: {}, implicit: true };
  return { id: a.id, provider: a.provider, memberId: a.member_id, settings: a.settings, implicit: false };
}

export async function getConferencingAccount(ctx: AppContext, organizationId: string, memberId: string | null): Promise<AccountRow | null> {
  const r = await ctx.database.pool.query<AccountRow>(
    `SELECT * FROM conferencing_accounts WHERE organization_id = $1 AND member_id IS NOT DISTINCT FROM $2`,
    [organizationId, memberId],
  );
  return r.rows[0] ?? null;
}

/** Staff member's own account if they have one, else the organisation default, else Jitsi. */
export async function resolveAccount(ctx: AppContext, organizationId: string, staffMemberId: string | null): Promise<AccountRow | null> {
  if (staffMemberId) {
    const own = await getConferencingAccount(ctx, organizationId, staffMemberId);
    if (own) return own;
  }
  return getConferencingAccount(ctx, organizationId, null);
}

/** Builds the provider for a stored conference (or a target account before creating one). */
export async function providerFor(ctx: AppContext, organizationId: string, provider: string, account: AccountRow | null, extra: Record<string, unknown> = {}): Promise<ConferencingProvider> {
  let settings: Record<string, unknown> = { ...(account?.provider === provider ? account.settings : {}), ...extra };
  if (provider === 'zoom') {
    let secrets: ZoomSecrets | null = null;
    if (account?.credential_id) {
      const r = await ctx.database.pool.query<ZoomCredentialRow>(`SELECT id, config, secret, member_id FROM credentials WHERE id = $1 AND organization_id = $2`, [account.credential_id, organizationId]);
      if (r.rows[0]) secrets = decode(ctx, r.rows[0]);
    }
    secrets ??= await findZoomCredentials(ctx, organizationId, null);
    if (!secrets) throw new AppError('zoom_not_connected', 409, 'Zoom is not connected: PUT /api/v1/integrations/zoom first');
    settings = { ...settings, accountId: secrets.accountId, clientId: secrets.clientId, clientSecret: secrets.clientSecret };
  }
  return buildConferencingProvider({ provider, settings }, providerEnv(ctx));
}
