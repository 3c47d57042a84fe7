/**
 * OAuth client_credentials (https://developers.payu.com/europe/docs/get-started/integration-overview/references/#oauth):
 * POST /pl/standard/user/oauth/authorize with form grant_type, client_id (the POS id), client_secret
 * → `{ access_token, token_type: 'bearer', expires_in: 43199, grant_type }`. Failures use the
 * Spring-OAuth shape `{ error, error_description }` (wording UNCONFIRMED).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, type EmuRequest, type EmuResponse } from '../shared/http-server.js';
import { oauthError } from './payu-errors.js';
import type { PayUCtx } from './payu-state.js';

export class TokenFailure extends Error {
  constructor(readonly response: EmuResponse) { super('token'); }
}

export function issueToken(ctx: PayUCtx, req: EmuRequest, nowMs: number): EmuResponse {
  const form = new URLSearchParams(req.rawBody || req.url.search);
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant ?? ''}`);
  if (form.get('client_id') !== ctx.posId || form.get('client_secret') !== (ctx.opts.clientSecret ?? 'emulator-client-secret')) {
    return oauthError(401, 'invalid_client', 'Bad client credentials');
  }
  const expiresIn = ctx.opts.tokenExpiresIn ?? 43199;
  const token = randomUUID();
  ctx.state.tokens.set(token, { expiresAt: nowMs + expiresIn * 1000, clientId: ctx.posId });
  return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: expiresIn, grant_type: 'client_credentials' } };
}

export function requireToken(ctx: PayUCtx, headers: IncomingHttpHeaders, nowMs: number): void {
  const token = bearerToken(headers.authorization);
  const t = token ? ctx.state.tokens.get(token) : undefined;
  if (!token) throw new TokenFailure(oauthError(401, 'unauthorized', 'Full authentication is required to access this resource'));
  if (!t || t.expiresAt <= nowMs) throw new TokenFailure(oauthError(401, 'invalid_token', `Invalid access token: ${token}`));
}
