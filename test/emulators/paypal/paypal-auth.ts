/**
 * OAuth 2.0 client credentials (https://developer.paypal.com/api/rest/authentication/):
 * POST /v1/oauth2/token, Basic clientId:clientSecret, form grant_type=client_credentials →
 * `{ scope, access_token, token_type: 'Bearer', app_id, expires_in, nonce }`. API calls then carry
 * `Authorization: Bearer <token>`; an expired or unknown token answers 401 invalid_token.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, parseBasicAuth, type EmuRequest, type EmuResponse } from '../shared/http-server.js';
import { oauthError, PayPalError } from './paypal-errors.js';
import { DEFAULT_SCOPE, SCOPE_AUTHCAPTURE, SCOPE_REFUND, type PayPalCtx } from './paypal-state.js';

export class OAuthFailure extends Error {
  constructor(readonly response: EmuResponse) { super('oauth'); }
}

export function issueToken(ctx: PayPalCtx, req: EmuRequest, nowMs: number): EmuResponse {
  const creds = parseBasicAuth(req.headers.authorization);
  const clientId = ctx.opts.clientId ?? 'emulator-client-id';
  const secret = ctx.opts.clientSecret ?? 'emulator-client-secret';
  const app = creds && creds[0] === clientId && creds[1] === secret ? { clientId, scope: DEFAULT_SCOPE } : creds && ctx.opts.apps?.[creds[0]]?.secret === creds[1] ? { clientId: creds[0], scope: ctx.opts.apps[creds[0]]!.scope } : null;
  if (!app) return oauthError(401, 'invalid_client', 'Client Authentication failed');
  const grant = new URLSearchParams(req.rawBody).get('grant_type');
  if (!grant) return oauthError(400, 'unsupported_grant_type', 'Grant Type is NULL');
  if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `Grant Type ${grant} is not supported`);
  const expiresIn = ctx.opts.tokenExpiresIn ?? 32400;
  const token = `A21AA${randomBytes(48).toString('base64url')}`;
  ctx.state.tokens.set(token, { expiresAt: nowMs + expiresIn * 1000, clientId: app.clientId, scope: app.scope });
  return {
    status: 200,
    body: {
      scope: app.scope,
      access_token: token, token_type: 'Bearer', app_id: 'APP-80W284485P519543T', expires_in: expiresIn, nonce: `${new Date(nowMs).toISOString()}${randomBytes(8).toString('hex')}`,
    },
  };
}

/** Scope a call needs: orders/captures need authcapture, refunds the refund scope (403 NOT_AUTHORIZED otherwise). */
export function requireScope(ctx: PayPalCtx, headers: IncomingHttpHeaders, method: string, path: string): void {
  const t = ctx.state.tokens.get(bearerToken(headers.authorization) ?? '');
  if (!t) return;
  const needed = method === 'POST' && /^\/v2\/payments\/captures\/[^/]+\/refund$/.test(path) ? SCOPE_REFUND : path.startsWith('/v2/') ? SCOPE_AUTHCAPTURE : null;
  if (needed && !t.scope.split(' ').includes(needed)) throw new PayPalError(403, [{ issue: 'PERMISSION_DENIED', description: 'You do not have permission to access or perform operations on this resource.' }]);
}

export function requireToken(ctx: PayPalCtx, headers: IncomingHttpHeaders, nowMs: number): void {
  const token = bearerToken(headers.authorization);
  if (!token) throw new PayPalError(401);
  const t = ctx.state.tokens.get(token);
  if (!t) throw new OAuthFailure(oauthError(401, 'invalid_token', 'Token signature verification failed'));
  if (t.expiresAt <= nowMs) throw new OAuthFailure(oauthError(401, 'invalid_token', 'Access Token not found in cache'));
}
