/**
 * API-key authentication: `Authorization: Bearer <key>` or Basic with the key as user name
 * (https://docs.stripe.com/api/authentication). Restricted keys (`rk_…`) carry per-resource
 * permissions (https://docs.stripe.com/keys#limit-access); write implies read.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, parseBasicAuth } from '../shared/http-server.js';
import { invalidApiKey, noApiKey, permissionDenied, publishableKeyUsed } from './stripe-errors.js';
import type { Access, Resource, StripeEmulatorOptions } from './stripe-state.js';

export interface StripeAuth { key: string; restricted: boolean; permissions: Partial<Record<Resource, Access>> }

/**
 * Permission names as they appear in Stripe's 403 messages. `rak_accounts_kyc_id_numbers_read`
 * for GET /v1/account is what public reports show; the others follow Stripe's `rak_<object>_<access>`
 * pattern and are UNCONFIRMED spellings.
 */
const RAK_NAME: Record<Resource, string> = {
  checkout_sessions: 'checkout_session', products: 'product', prices: 'price', refunds: 'refund', payment_intents: 'payment_intent',
  charges: 'charge', balance: 'balance', events: 'event', accounts: 'accounts_kyc_id_numbers',
};

export function authenticate(headers: IncomingHttpHeaders, opts: StripeEmulatorOptions): StripeAuth {
  const key = bearerToken(headers.authorization) ?? parseBasicAuth(headers.authorization)?.[0];
  if (!key) throw noApiKey();
  if (key.startsWith('pk_')) throw publishableKeyUsed();
  const secrets = opts.secretKeys ?? ['sk_test_emulator'];
  if (secrets.includes(key)) return { key, restricted: false, permissions: {} };
  const rk = opts.restrictedKeys?.[key];
  if (rk) return { key, restricted: true, permissions: rk };
  throw invalidApiKey(key);
}

export function requirePermission(auth: StripeAuth, accountId: string, resource: Resource, access: 'read' | 'write'): void {
  if (!auth.restricted) return;
  const have = auth.permissions[resource] ?? 'none';
  const ok = access === 'read' ? have === 'read' || have === 'write' : have === 'write';
  // GET /v1/account with a restricted key asks for a KYC permission whatever else the key has.
  const name = resource === 'accounts' ? `rak_${RAK_NAME[resource]}_read` : `rak_${RAK_NAME[resource]}_${access}`;
  if (!ok) throw permissionDenied(auth.key, accountId, name);
}
