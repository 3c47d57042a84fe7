/**
 * In-memory state and shared context of the Stripe emulator. Objects are stored in the JSON
 * shape the API returns (API version 2026-10-28.endive, the one stripe 23.1.0 pins), so a
 * handler can return a copy as it is.
 */
import { randomBytes } from 'node:crypto';
import type { WebhookSender } from '../shared/webhook-sender.js';

export type Json = Record<string, any>;

/** Restricted-key resources we model, each 'none' | 'read' | 'write' like the Dashboard offers. */
export type Resource = 'checkout_sessions' | 'products' | 'prices' | 'refunds' | 'payment_intents' | 'charges' | 'balance' | 'events' | 'accounts';
export type Access = 'none' | 'read' | 'write';

export interface StripeEmulatorOptions {
  port?: number;
  /** Secret keys accepted (default ['sk_test_emulator']). */
  secretKeys?: string[];
  /** Restricted keys and their permissions; unlisted resources are 'none'. */
  restrictedKeys?: Record<string, Partial<Record<Resource, Access>>>;
  /**
   * Which extra permissions a Checkout Session with inline `price_data` needs. Which restricted-key
   * permission covers inline prices is unsettled (reference: "not settled") — default none.
   */
  inlinePriceDataRequires?: Resource[];
  /** Permissions a refund needs (default ['refunds']; the reference suggests payment_intents read too). */
  refundRequires?: Resource[];
  accountId?: string;
  /** Where events are POSTed; undefined keeps them only in `state.events`. */
  webhookUrl?: string;
  /** Signing secret(s); several produce several v1= entries, as during secret rotation. */
  webhookSecret?: string | string[];
  /** Event types delivered (default all). */
  enabledEvents?: string[];
  webhookRetries?: number;
  apiVersion?: string;
  /** Requests per second per key before 429 (default: unlimited; Stripe sandbox allows 25). */
  rateLimitPerSecond?: number;
  /** Minimum charge table override, minor units per lower-case currency. */
  minimumCharge?: Record<string, number>;
  /** Clock in ms (default Date.now) — lets tests move time for expiry and idempotency. */
  now?: () => number;
  /** Refund status right after creation: 'succeeded' (cards, default) or 'pending'. */
  refundInitialStatus?: 'succeeded' | 'pending';
}

export interface IdempotencyEntry { key: string; endpoint: string; fingerprint: string; status: number; body: unknown; at: number }

export interface StripeState {
  sessions: Map<string, Json>;
  /** Inline line items per session (not part of the session JSON unless expanded). */
  lineItems: Map<string, Json[]>;
  /** payment_intent_data given at session creation, applied when the PaymentIntent is made. */
  intentData: Map<string, Json>;
  paymentIntents: Map<string, Json>;
  charges: Map<string, Json>;
  refunds: Map<string, Json>;
  disputes: Map<string, Json>;
  products: Map<string, Json>;
  prices: Map<string, Json>;
  events: Json[];
  idempotency: Map<string, IdempotencyEntry>;
  requests: { method: string; path: string; key?: string; idempotencyKey?: string; params: Json; status: number }[];
}

export function newState(): StripeState {
  return {
    sessions: new Map(), lineItems: new Map(), intentData: new Map(), paymentIntents: new Map(), charges: new Map(),
    refunds: new Map(), disputes: new Map(), products: new Map(), prices: new Map(), events: [], idempotency: new Map(), requests: [],
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}${s}`;
}

export interface StripeCtx {
  state: StripeState;
  opts: StripeEmulatorOptions;
  accountId: string;
  apiVersion: string;
  baseUrl: string;
  sender: WebhookSender;
  /** Unix seconds from the emulator clock. */
  nowSec(): number;
  /** Records an event and delivers it in the background; returns the event. */
  emit(type: string, object: Json, previous?: Json, request?: { id: string | null; idempotency_key: string | null }): Json;
}

export const clone = <T>(v: T): T => structuredClone(v);
