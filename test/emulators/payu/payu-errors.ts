/**
 * PayU answers errors as `{ status: { statusCode, severity?, code?, codeLiteral?, statusDesc } }`
 * with the HTTP statuses of the status-code table in PayU's OpenAPI overview
 * (https://developers.payu.com/europe/api/ — "Status Codes"): 400 ERROR_VALUE_MISSING /
 * ERROR_VALUE_INVALID / ERROR_ORDER_NOT_UNIQUE, 401 UNAUTHORIZED, 403 UNAUTHORIZED_REQUEST or
 * ERROR_VALUE_INVALID + INVALID_AUTH_FOR_THIS_ORDER, 404 DATA_NOT_FOUND, 500/503 system errors.
 * Refund errors use OPENPAYU_* codes with numeric `code` and `codeLiteral` (9101 TRANS_NOT_ENDED,
 * 9103 AMOUNT_TO_BIG, …). statusDesc wording here is UNCONFIRMED unless quoted from that table.
 */
import type { EmuResponse } from '../shared/http-server.js';

export class PayUError extends Error {
  constructor(readonly httpStatus: number, readonly status: { statusCode: string; severity?: string; code?: string; codeLiteral?: string; statusDesc?: string }) {
    super(status.statusCode);
  }
  toResponse(): EmuResponse {
    return { status: this.httpStatus, body: { status: { severity: 'ERROR', ...this.status } } };
  }
}

export const missing = (field: string) => new PayUError(400, { statusCode: 'ERROR_VALUE_MISSING', statusDesc: `Missing required field: ${field}` });
export const invalid = (field: string, desc?: string) => new PayUError(400, { statusCode: 'ERROR_VALUE_INVALID', statusDesc: desc ?? `Invalid field value: ${field}` });
export const notFound = (what: string) => new PayUError(404, { statusCode: 'DATA_NOT_FOUND', severity: 'INFO', statusDesc: `Could not find ${what}` });

/** Refund errors (codes from PayU's refund error list). */
const REFUND: Record<string, [string, string, string]> = {
  MISSING_REFUND_SECTION: ['ERROR_VALUE_MISSING', '8300', 'Request lacks "refund" object.'],
  TRANS_NOT_ENDED: ['OPENPAYU_BUSINESS_ERROR', '9101', 'Transaction not ended.'],
  AMOUNT_TO_BIG: ['OPENPAYU_ERROR_VALUE_INVALID', '9103', 'Value too big.'],
  AMOUNT_TO_SMALL: ['OPENPAYU_ERROR_VALUE_INVALID', '9104', 'Value too small.'],
  PAID: ['OPENPAYU_ERROR_VALUE_INVALID', '9108', 'Refund has already been paid.'],
  REFUND_IDEMPOTENCY_MISMATCH: ['OPENPAYU_BUSINESS_ERROR', '9112', 'extRefundId was re-used and other request parameters changed.'],
};
export function refundError(literal: keyof typeof REFUND): PayUError {
  const [statusCode, code, statusDesc] = REFUND[literal];
  return new PayUError(400, { statusCode, code, codeLiteral: literal, statusDesc });
}

export const oauthError = (status: number, error: string, description: string): EmuResponse => ({ status, body: { error, error_description: description } });

export function payuPreset(name: string): EmuResponse {
  switch (name) {
    case 'SERVICE_NOT_AVAILABLE': return new PayUError(503, { statusCode: 'SERVICE_NOT_AVAILABLE', statusDesc: 'PayU system is unavailable. Try again later.' }).toResponse();
    case 'ERROR_INTERNAL': return new PayUError(500, { statusCode: 'ERROR_INTERNAL', statusDesc: 'PayU system is unavailable. Try again later.' }).toResponse();
    case 'BUSINESS_ERROR': return new PayUError(400, { statusCode: 'BUSINESS_ERROR', codeLiteral: 'ERROR_VALUE_INVALID', statusDesc: 'Order was rejected by antifraud system' }).toResponse();
    case 'TIMEOUT': return new PayUError(408, { statusCode: 'TIMEOUT', statusDesc: 'Permitted time to process the request has expired.' }).toResponse();
    default: throw new Error(`unknown PayU fault preset ${name}`);
  }
}
