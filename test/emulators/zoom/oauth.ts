// Server-to-Server OAuth (https://developers.zoom.us/docs/internal-apps/s2s-oauth/):
// `POST /oauth/token?grant_type=account_credentials&account_id=…` with
// `Authorization: Basic base64(clientId:clientSecret)` → `{access_token, token_type: "bearer",
// expires_in: 3599, scope, api_url}` (reference/zoom.md "Authentication"). Parameters are accepted
// in the query (as documented) or a form body (Zoom's forum suggests both are seen).
// Bad credentials: 400 `{reason: "Invalid client_id or client_secret", error: "invalid_client"}`
// (as reported in github.com/JubaerHossain/zoom-laravel/issues/3). API calls with a bad or expired
// token: 401 `{code: 124, message}`; a token lacking a scope: code 4711 (status configurable).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errors, type Reply } from './errors.js';
import type { Env } from './state.js';
import type { TokenRecord } from './types.js';

function oauthError(reason: string, error: string, status = 400): Reply {
  return { status, body: { reason, error } };
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

/** A JWT-looking opaque token, like Zoom's (`eyJ…`); only the emulator can read it back. */
function mintToken(accountId: string, exp: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS512', v: '2.0', kid: 'emulator' })}.${part({ aid: accountId, exp: Math.floor(exp / 1000), jti: randomBytes(8).toString('hex') })}.${randomBytes(32).toString('base64url')}`;
}

export function tokenEndpoint(env: Env, req: IncomingMessage, query: URLSearchParams, rawBody: string): Reply {
  const form = new URLSearchParams(/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '') ? rawBody : '');
  const param = (k: string) => query.get(k) ?? form.get(k);
  const creds = parseBasic(req.headers.authorization);
  if (!creds) return oauthError('Client ID or client secret is missing.', 'invalid_request');
  const account = [...env.state.accounts.values()].find((a) => a.clientId === creds.id);
  if (!account || account.clientSecret !== creds.secret) return oauthError('Invalid client_id or client_secret', 'invalid_client');
  const grant = param('grant_type');
  if (grant !== 'account_credentials') return oauthError('unsupported grant type', 'unsupported_grant_type');
  // Exact wording for a wrong account_id is UNCONFIRMED.
  if (param('account_id') !== account.accountId) return oauthError('Invalid account_id', 'invalid_request');
  const now = env.now();
  if (env.options.invalidatePreviousTokens) {
    for (const t of env.state.tokens.values()) if (t.accountId === account.accountId) t.revoked = true;
  }
  const ttl = env.options.tokenTtlSeconds;
  const record: TokenRecord = {
    token: mintToken(account.accountId, now + ttl * 1000), accountId: account.accountId,
    scopes: [...account.scopes], issuedAt: now, expiresAt: now + ttl * 1000, revoked: false,
  };
  env.state.tokens.set(record.token, record);
  return {
    status: 200,
    body: {
      access_token: record.token, token_type: 'bearer', expires_in: ttl,
      scope: record.scopes.join(' '), api_url: env.options.apiUrl ?? env.baseUrl(),
    },
  };
}

/** Resolves the bearer token of an API call, or throws Zoom's 401 / code 124. */
export function authenticate(env: Env, req: IncomingMessage): TokenRecord {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const record = m ? env.state.tokens.get(m[1].trim()) : undefined;
  if (!record || record.revoked) throw errors.invalidToken();
  if (record.expiresAt <= env.now()) throw errors.expiredToken();
  return record;
}

/**
 * A route needs one granular scope (`meeting:write:registrant`); the token may carry its `:admin`
 * or `:master` (sub-account) form, or the classic macro scope (`meeting:write:admin`).
 */
export function checkScope(env: Env, token: TokenRecord, granular: string, macro: string): void {
  const accepted = [`${granular}:admin`, `${granular}:master`, `${macro}:admin`, `${macro.split(':')[0]}:master`];
  if (accepted.some((s) => token.scopes.includes(s))) return;
  throw errors.missingScopes(env.options.missingScopeStatus, [`${granular}:admin`, `${granular}:master`]);
}
