import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ProviderError, RateLimited, ConferenceGone } from '../port.js';

/**
 * A small typed client for the parts of Zoom's REST API Foyer uses
 * (https://developers.zoom.us/docs/api/ ; facts in /work/shared/reference/zoom.md).
 * Server-to-Server OAuth: the token is cached per credentials until shortly before it expires
 * and the API base comes from the token's `api_url` (regional hosts).
 */
export interface ZoomCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Base of the OAuth endpoint: https://zoom.us in production, an emulator in tests. */
  oauthUrl: string;
  timeoutMs?: number;
}

const TokenOut = z.object({
  access_token: z.string(),
  token_type: z.string().optional(),
  expires_in: z.number(),
  scope: z.string().optional().default(''),
  api_url: z.string().optional(),
});

interface CachedToken {
  token: string;
  apiBase: string;
  expiresAt: number;
  scopes: string[];
}

const tokenCache = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();

/** A Zoom API answer that is not a success, with Zoom's own code and message. */
export class ZoomApiError extends ProviderError {
  constructor(status: number, code: number | string | undefined, message: string) {
    super(`Zoom: ${message}${code !== undefined ? ` (code ${code})` : ''}`, status >= 500, status, code);
    this.name = 'ZoomApiError';
  }
}

export const ErrorBody = z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional(), reason: z.string().optional(), error: z.string().optional() }).passthrough();

/** Parses Retry-After (seconds or an HTTP/ISO date) or X-RateLimit-Reset (Unix seconds). */
export function retryAfterMs(headers: Headers, now = Date.now()): number {
  const ra = headers.get('retry-after');
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.max(0, Number(ra) * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) {
    const n = Number(reset);
    const at = n > 1e12 ? n : n * 1000;
    return Math.max(0, at - now);
  }
  if ((headers.get('x-ratelimit-type') ?? '').toLowerCase().startsWith('daily')) {
    const next = new Date(now);
    next.setUTCHours(24, 0, 0, 0);
    return next.getTime() - now;
  }
  return 1000;
}

export class ZoomClient {
  /** Every HTTP request this client made (API calls and token fetches), for benchmarks. */
  static calls = 0;

  constructor(private readonly creds: ZoomCredentials) {}

  private key() {
    // The secret is part of the key (hashed), so new credentials never reuse an old token.
    return `${this.creds.oauthUrl}|${this.creds.accountId}|${this.creds.clientId}|${createHash('sha256').update(this.creds.clientSecret).digest('hex')}`;
  }

  async token(force = false): Promise<CachedToken> {
    const key = this.key();
    const cached = tokenCache.get(key);
    if (!force && cached && cached.expiresAt > Date.now() + 60_000) return cached;
    const pending = inflight.get(key);
    if (pending) return pending;
    const p = this.fetchToken().finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  private async fetchToken(): Promise<CachedToken> {
    const url = `${this.creds.oauthUrl.replace(/\/$/, '')}/oauth/token?grant_type=account_credentials&account_id=${encodeURIComponent(this.creds.accountId)}`;
    const basic = Buffer.from(`${this.creds.clientId}:${this.creds.clientSecret}`).toString('base64');
    let res: Response;
    try {
      ZoomClient.calls++;
      res = await fetch(url, { method: 'POST', headers: { authorization: `Basic ${basic}` }, signal: AbortSignal.timeout(this.creds.timeoutMs ?? 15_000) });
    } catch (e) {
      throw new ProviderError(`Zoom OAuth unreachable: ${(e as Error).message}`, true);
    }
    const text = await res.text();
    if (!res.ok) {
      const body = ErrorBody.safeParse(safeJson(text));
      const reason = body.success ? (body.data.reason ?? body.data.message ?? body.data.error) : text.slice(0, 200);
      if (res.status === 429) throw new RateLimited(`Zoom OAuth rate limited`, retryAfterMs(res.headers));
      throw new ZoomApiError(res.status, body.success ? (body.data.error ?? body.data.code) : undefined, `OAuth failed: ${reason || res.statusText}`);
    }
    const t = TokenOut.parse(safeJson(text));
    const cached: CachedToken = {
      token: t.access_token,
      apiBase: `${(t.api_url ?? 'https://api.zoom.us').replace(/\/$/, '')}/v2`,
      expiresAt: Date.now() + t.expires_in * 1000,
      scopes: t.scope.split(/\s+/).filter(Boolean),
    };
    tokenCache.set(this.key(), cached);
    return cached;
  }

  /** One API call; `schema` parses a success body (204 → undefined). */
  async request<T>(method: string, path: string, opts: { query?: Record<string, string | number | undefined>; body?: unknown; schema?: z.ZodType<T> } = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const tok = await this.token(attempt > 0);
      const url = new URL(`${tok.apiBase}${path}`);
      for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      let res: Response;
      try {
        ZoomClient.calls++;
        res = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${tok.token}`, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
          signal: AbortSignal.timeout(this.creds.timeoutMs ?? 15_000),
        });
      } catch (e) {
        // A timeout may hide a change Zoom did make: callers rely on e-mail idempotency.
        throw new ProviderError(`Zoom did not answer ${method} ${path}: ${(e as Error).message}`, true);
      }
      const text = await res.text();
      if (res.ok) {
        if (!opts.schema || res.status === 204 || !text) return undefined as T;
        const parsed = opts.schema.safeParse(safeJson(text));
        if (!parsed.success) throw new ProviderError(`Zoom answered ${method} ${path} with an unexpected body: ${parsed.error.message.slice(0, 300)}`, false, res.status);
        return parsed.data;
      }
      const body = ErrorBody.safeParse(safeJson(text));
      const code = body.success ? body.data.code : undefined;
      const message = body.success ? (body.data.message ?? body.data.reason ?? res.statusText) : text.slice(0, 200) || res.statusText;
      if (res.status === 401 && Number(code) === 124 && attempt === 0) continue; // expired token: fetch a new one once
      if (res.status === 429) {
        throw new RateLimited(`Zoom rate limit: ${message}`, retryAfterMs(res.headers), res.headers.get('x-ratelimit-category') ?? undefined, res.headers.get('x-ratelimit-type') ?? undefined);
      }
      if (res.status === 404 && (Number(code) === 3001 || Number(code) === 1001 || code === undefined)) throw new ConferenceGone(`Zoom: ${message}`);
      throw new ZoomApiError(res.status, code, message);
    }
  }

  /** Scopes of a freshly issued token ("test access" must not trust a cached one). */
  scopes(): Promise<string[]> {
    return this.token(true).then((t) => t.scopes);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Granular scopes Foyer needs (reference/zoom.md); `:master` variants count as granted. */
export const REQUIRED_SCOPES = [
  ...['read:list_meetings', 'read:list_registrants', 'read:meeting', 'update:meeting', 'update:registrant_status', 'write:meeting', 'write:registrant', 'delete:meeting', 'write:batch_registrants'].map((s) => `meeting:${s}:admin`),
  ...['read:list_webinars', 'read:list_registrants', 'read:webinar', 'update:webinar', 'update:registrant_status', 'write:webinar', 'write:registrant', 'delete:webinar', 'write:batch_registrants'].map((s) => `webinar:${s}:admin`),
  'user:read:list_users:admin',
  'user:read:user:admin',
  // A webinar host's licence tier (registrant limit) is in the user's settings.
  'user:read:settings:admin',
];

export function missingScopes(granted: string[]): string[] {
  const have = new Set(granted.map((s) => s.replace(/:master$/, ':admin')));
  return REQUIRED_SCOPES.filter((s) => !have.has(s) && !have.has(s.replace(/:admin$/, '')));
}
