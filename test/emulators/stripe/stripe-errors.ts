/**
 * Stripe's error JSON: `{ error: { type, code?, message, param?, doc_url? } }` with the HTTP
 * status the SDK maps to its error classes (400/404 → StripeInvalidRequestError, 400 +
 * type idempotency_error → StripeIdempotencyError, 401 → StripeAuthenticationError,
 * 403 → StripePermissionError, 429 → StripeRateLimitError, 5xx → StripeAPIError).
 * https://docs.stripe.com/api/errors and stripe-node's Error.js `generateV1Error`.
 */
import type { EmuResponse } from '../shared/http-server.js';

export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'idempotency_error' | 'card_error';
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

/** Thrown inside handlers; the router turns it into the response. */
export class StripeApiError extends Error {
  constructor(readonly status: number, readonly body: StripeErrorBody, readonly headers: Record<string, string> = {}) {
    super(body.message);
  }
  toResponse(): EmuResponse {
    return { status: this.status, body: { error: this.body }, headers: this.headers };
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

export function invalidRequest(message: string, extra: { param?: string; code?: string; status?: number } = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (extra.code) { body.code = extra.code; body.doc_url = docUrl(extra.code); }
  if (extra.param) body.param = extra.param;
  return new StripeApiError(extra.status ?? 400, body);
}

export const missingParam = (param: string) => invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });

/** Stripe rejects parameters it does not know, which catches typos in the production client. */
export const unknownParam = (param: string) => invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });

export const invalidInteger = (param: string, value: unknown) =>
  invalidRequest(`Invalid integer: ${String(value)}`, { param, code: 'parameter_invalid_integer' });

/** Path objects that do not exist answer 404; referenced ids in the body answer 400. */
export const resourceMissing = (kind: string, id: string, param: string, status = 404) =>
  invalidRequest(`No such ${kind}: '${id}'`, { param, code: 'resource_missing', status });

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return invalidRequest(`Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, { status: 404 });
}

/** https://docs.stripe.com/api/idempotent_requests — key reused with other params or on another endpoint. */
export function idempotencyMismatch(key: string, otherEndpoint?: { was: string; now: string }): StripeApiError {
  const message = otherEndpoint
    ? `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${otherEndpoint.now}' vs '${otherEndpoint.was}'). Try using a key other than '${key}' if you meant to execute a different request.`
    : `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

/** Secret keys are shown masked in Stripe's messages: prefix, stars, last four. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.slice(-4);
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${tail}`;
}

export const noApiKey = () =>
  new StripeApiError(401, { type: 'invalid_request_error', message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/." });

export const invalidApiKey = (key: string) =>
  new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${maskKey(key)}` });

export const publishableKeyUsed = () =>
  new StripeApiError(401, { type: 'invalid_request_error', message: 'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.' });

/**
 * Restricted key without the permission: 403, type invalid_request_error and no code — the shape
 * seen in public reports (e.g. github.com/stripe/stripe-node/issues/2246).
 */
export function permissionDenied(key: string, accountId: string, permission: string): StripeApiError {
  return new StripeApiError(403, {
    type: 'invalid_request_error',
    message: `The provided key '${maskKey(key)}' does not have the required permissions for this endpoint on account '${accountId}'. Having the '${permission}' permission would allow this request to continue.`,
  });
}

/**
 * https://docs.stripe.com/rate-limits — 429. UNCONFIRMED: the `code: 'rate_limit'` and the
 * Stripe-Rate-Limited-Reason header are recalled, not verified; the SDK keys on the 429 alone.
 */
export function rateLimited(reason = 'global-rate'): StripeApiError {
  return new StripeApiError(429, { type: 'invalid_request_error', code: 'rate_limit', doc_url: docUrl('rate_limit'), message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' }, { 'stripe-rate-limited-reason': reason });
}

export const apiError = () =>
  new StripeApiError(500, { type: 'api_error', message: 'An unknown error occurred while processing your request. Please try again.' });

/** Presets for setFault({ preset }). */
export function stripePreset(name: string): EmuResponse {
  switch (name) {
    case 'rate_limit': return rateLimited().toResponse();
    // stripe-node retries when told `Stripe-Should-Retry: true` "e.g., in cases of lock timeouts" (RequestSender.js).
    case 'lock_timeout': return new StripeApiError(429, { type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.' }, { 'stripe-should-retry': 'true' }).toResponse();
    case 'api_error': return apiError().toResponse();
    case 'service_unavailable': return { status: 503, body: { error: { type: 'api_error', message: 'Stripe is temporarily unavailable.' } } };
    default: throw new Error(`unknown Stripe fault preset ${name}`);
  }
}
