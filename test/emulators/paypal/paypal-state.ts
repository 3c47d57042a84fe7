/** State, options and shared context of the PayPal emulator (Orders v2 + Payments v2). */
import { randomBytes } from 'node:crypto';
import type { WebhookSender } from '../shared/webhook-sender.js';
import type { CertBundle } from '../shared/self-signed-cert.js';

export type Json = Record<string, any>;
export type CaptureOutcome = 'COMPLETED' | 'PENDING' | 'DECLINED' | 'INSTRUMENT_DECLINED';

export interface PayPalEmulatorOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Access-token lifetime in seconds (PayPal answers about 9 hours: 32400). */
  tokenExpiresIn?: number;
  webhookUrl?: string;
  /** The webhook's configured ID — what verify-webhook-signature must be given. */
  webhookId?: string;
  /**
   * PayPal's "block accidental payments" setting: a second capture with an invoice_id already
   * paid fails DUPLICATE_INVOICE_ID. Default true (UNCONFIRMED as the sandbox default).
   */
  blockDuplicateInvoiceId?: boolean;
  webhookRetries?: number;
  /** Event types the configured webhook subscribes to (default `*`, all). */
  webhookEventTypes?: string[];
  /**
   * Further REST apps on the same account, each with its own granted scopes (an app whose
   * "Accept payments" or refund feature is off lacks that scope).
   */
  apps?: Record<string, { secret: string; scope: string }>;
}

/** Scopes PayPal grants an app with the default features (payments + refunds + webhooks). */
export const DEFAULT_SCOPE = 'https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/payments/payment/authcapture https://uri.paypal.com/services/applications/webhooks';
export const SCOPE_AUTHCAPTURE = 'https://uri.paypal.com/services/payments/payment/authcapture';
export const SCOPE_REFUND = 'https://uri.paypal.com/services/payments/refund';

export interface PayPalState {
  tokens: Map<string, { expiresAt: number; clientId: string; scope: string }>;
  orders: Map<string, Json>;
  captures: Map<string, Json>;
  refunds: Map<string, Json>;
  /** PayPal-Request-Id → stored answer, per endpoint. */
  requestIds: Map<string, { fingerprint: string; status: number; body: unknown }>;
  /** How the next capture of an order turns out (default COMPLETED). */
  captureOutcome: Map<string, CaptureOutcome>;
  events: Json[];
  requests: { method: string; path: string; requestId?: string; status: number; body: unknown }[];
}

export const newState = (): PayPalState => ({
  tokens: new Map(), orders: new Map(), captures: new Map(), refunds: new Map(), requestIds: new Map(), captureOutcome: new Map(), events: [], requests: [],
});

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** PayPal ids look like 5O190127TN364715T: 17 upper-case alphanumerics. */
export function paypalId(length = 17): string {
  return [...randomBytes(length)].map((b) => UPPER[b % UPPER.length]).join('');
}

export interface PayPalCtx {
  state: PayPalState;
  opts: PayPalEmulatorOptions;
  baseUrl: string;
  webhookId: string;
  cert: CertBundle;
  certUrl: string;
  sender: WebhookSender;
  nowIso(): string;
  emit(eventType: string, resourceType: string, resource: Json, summary: string): Json;
}

export const clone = <T>(v: T): T => structuredClone(v);
