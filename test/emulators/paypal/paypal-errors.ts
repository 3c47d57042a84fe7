/**
 * PayPal REST error shape (https://developer.paypal.com/api/rest/responses/#link-errorresponses):
 * `{ name, message, debug_id, details: [{ field?, value?, location?, issue, description }], links }`
 * plus the `Paypal-Debug-Id` header. Issue texts follow the Orders v2 and Payments v2 error
 * references (https://developer.paypal.com/docs/api/orders/v2/#errors); those marked UNCONFIRMED
 * are the emulator's best recollection.
 */
import { randomBytes } from 'node:crypto';
import type { EmuResponse } from '../shared/http-server.js';

export interface Detail { field?: string; value?: string; location?: string; issue: string; description?: string }

const NAMES: Record<number, [string, string]> = {
  400: ['INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.'],
  401: ['AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.'],
  403: ['NOT_AUTHORIZED', 'Authorization failed due to insufficient permissions.'],
  404: ['RESOURCE_NOT_FOUND', 'The specified resource does not exist.'],
  422: ['UNPROCESSABLE_ENTITY', 'The requested action could not be performed, semantically incorrect, or failed business validation.'],
  500: ['INTERNAL_SERVER_ERROR', 'An internal server error has occurred.'],
  503: ['SERVICE_UNAVAILABLE', 'Service Unavailable.'],
};

export const ISSUES: Record<string, string> = {
  INVALID_RESOURCE_ID: 'Specified resource ID does not exist. Please check the resource ID and try again.',
  ORDER_NOT_APPROVED: "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
  ORDER_ALREADY_CAPTURED: "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
  DECIMALS_NOT_SUPPORTED: 'Currency does not support decimals.',
  DECIMAL_PRECISION: 'If the currency supports decimals, only two decimal place precision is supported.',
  CURRENCY_NOT_SUPPORTED: 'Currency code is not currently supported. Please refer https://developer.paypal.com/api/rest/reference/currency-codes/ for list of supported currency codes.',
  MISSING_REQUIRED_PARAMETER: 'A required field / parameter is missing.',
  INVALID_PARAMETER_VALUE: 'The value of a field is invalid.',
  INVALID_PARAMETER_SYNTAX: 'The value of a field does not conform to the expected format.',
  INVALID_STRING_LENGTH: 'The value of a field is either too short or too long.',
  AMOUNT_MISMATCH: 'Should equal item_total + tax_total + shipping + handling + insurance - shipping_discount - discount.',
  ITEM_TOTAL_MISMATCH: 'Should equal sum of (unit_amount * quantity) across all items for a given purchase_unit',
  ITEM_TOTAL_REQUIRED: 'If item details are specified (items.unit_amount and items.quantity) corresponding amount.breakdown.item_total is required.',
  REFERENCE_ID_REQUIRED: "'reference_id' is required for each 'purchase_unit' if multiple 'purchase_unit' are provided.",
  INSTRUMENT_DECLINED: "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
  DUPLICATE_INVOICE_ID: 'Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.',
  REFUND_AMOUNT_EXCEEDED: 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
  CAPTURE_FULLY_REFUNDED: 'The capture has already been fully refunded',
  // UNCONFIRMED: issue names for these two conditions.
  DUPLICATE_REQUEST_ID: 'The value of PayPal-Request-Id header has already been used',
  REFUND_NOT_ALLOWED: 'Refund cannot be issued for this capture in its current state.',
  CURRENCY_MISMATCH: 'Currency of capture must be the same as currency of refund.',
};

export class PayPalError extends Error {
  constructor(readonly status: number, readonly details: Detail[] = [], readonly override?: { name?: string; message?: string }) {
    super(details[0]?.issue ?? String(status));
  }
  toResponse(docBase = 'https://developer.paypal.com/api/rest/reference/orders/v2/errors/'): EmuResponse {
    const [name, message] = NAMES[this.status] ?? ['UNKNOWN_ERROR', 'An unknown error occurred.'];
    const debugId = randomBytes(7).toString('hex').slice(0, 13);
    const body: Record<string, unknown> = { name: this.override?.name ?? name, message: this.override?.message ?? message, debug_id: debugId };
    if (this.details.length) body.details = this.details;
    body.links = this.details.length
      ? [{ href: `${docBase}#${this.details[0].issue}`, rel: 'information_link', method: 'GET' }]
      : [{ href: 'https://developer.paypal.com/api/rest/responses/#link-errorresponses', rel: 'information_link', method: 'GET' }];
    return { status: this.status, body, headers: { 'paypal-debug-id': debugId } };
  }
}

export function issue(status: number, name: string, extra: Omit<Detail, 'issue'> = {}): PayPalError {
  return new PayPalError(status, [{ ...extra, issue: name, description: extra.description ?? ISSUES[name] ?? name }]);
}

export const notFound = () => issue(404, 'INVALID_RESOURCE_ID', { location: 'path' });

/** OAuth-style errors are a different shape: `{ error, error_description }`. */
export const oauthError = (status: number, error: string, description: string): EmuResponse => ({ status, body: { error, error_description: description } });

export function paypalPreset(name: string): EmuResponse {
  switch (name) {
    case 'INTERNAL_SERVER_ERROR': return new PayPalError(500).toResponse();
    case 'SERVICE_UNAVAILABLE': return new PayPalError(503).toResponse();
    case 'RATE_LIMIT_REACHED': return { status: 429, body: { name: 'RATE_LIMIT_REACHED', message: 'Too many requests. Blocked due to rate limiting.', debug_id: randomBytes(6).toString('hex') } };
    case 'INVALID_TOKEN': return oauthError(401, 'invalid_token', 'Access Token not found in cache');
    default: throw new Error(`unknown PayPal fault preset ${name}`);
  }
}
