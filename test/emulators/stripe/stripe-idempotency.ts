/**
 * Idempotent requests (https://docs.stripe.com/api/idempotent_requests): Stripe saves the status
 * and body of the first POST with a key and replays them for the same key and parameters, for
 * 24 hours. Same key with other parameters or another endpoint → 400 idempotency_error. Results
 * are saved only once the endpoint started executing — requests that failed parameter
 * validation are not saved, so a corrected retry with the same key works.
 */
import { canonical } from './stripe-form.js';
import { idempotencyMismatch, StripeApiError } from './stripe-errors.js';
import type { EmuResponse } from '../shared/http-server.js';
import type { IdempotencyEntry, Json } from './stripe-state.js';

const TTL_SEC = 24 * 3600;

export interface IdempotencyScope { store: Map<string, IdempotencyEntry>; nowSec: number; accountId: string }

/** Returns a replayed response, throws on mismatch, or undefined when the request must run. */
export function lookup(scope: IdempotencyScope, key: string, endpoint: string, params: Json): EmuResponse | undefined {
  const entry = scope.store.get(`${scope.accountId}:${key}`);
  if (!entry || scope.nowSec - entry.at > TTL_SEC) return undefined;
  if (entry.endpoint !== endpoint) throw idempotencyMismatch(key, { was: entry.endpoint, now: endpoint });
  if (entry.fingerprint !== canonical(params)) throw idempotencyMismatch(key);
  return { status: entry.status, body: structuredClone(entry.body), headers: { 'idempotent-replayed': 'true', 'idempotency-key': key } };
}

/**
 * Saves a result. Validation failures (400 invalid_request_error raised before any state
 * changed) are not saved; 402/404/5xx raised while executing are, as Stripe does.
 */
export function save(scope: IdempotencyScope, key: string, endpoint: string, params: Json, res: EmuResponse, err?: unknown): void {
  if (err instanceof StripeApiError && (err.status === 400 || err.status === 401 || err.status === 403 || err.status === 429)) return;
  scope.store.set(`${scope.accountId}:${key}`, { key, endpoint, fingerprint: canonical(params), status: res.status, body: structuredClone(res.body), at: scope.nowSec });
}
