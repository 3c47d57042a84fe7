/** State, options and shared context of the PayU (REST API v2.1) emulator. */
import { randomBytes } from 'node:crypto';
import type { WebhookSender } from '../shared/webhook-sender.js';

export type Json = Record<string, any>;
export type OrderStatus = 'NEW' | 'PENDING' | 'WAITING_FOR_CONFIRMATION' | 'COMPLETED' | 'CANCELED';

export interface PayUEmulatorOptions {
  port?: number;
  /** POS id — also the OAuth client_id (reference, seed 004). */
  posId?: string;
  clientSecret?: string;
  /** "Second key (MD5)" that signs notifications. */
  secondKey?: string;
  /** Notification signature algorithm (PayU: MD5 by default, SHA-256 configurable). */
  signatureAlgorithm?: 'MD5' | 'SHA-256';
  /** Currencies of the POS; Foyer's PayU is PLN only. */
  currencies?: string[];
  /** Auto-receive on (default): paid orders go to COMPLETED; off: WAITING_FOR_CONFIRMATION first. */
  autoReceive?: boolean;
  /** Refunds move PENDING → FINALIZED by themselves right after creation (default true). */
  autoFinalizeRefunds?: boolean;
  tokenExpiresIn?: number;
  notificationRetries?: number;
}

export interface PayUState {
  tokens: Map<string, { expiresAt: number; clientId: string }>;
  orders: Map<string, Json>;
  refunds: Map<string, Json>;
  /** Every notification built, in order, with its raw body: `ref` identifies it for the helpers. */
  notifications: { ref: string; url: string; body: string; orderId: string; kind: 'order' | 'refund'; status: string }[];
  requests: { method: string; path: string; status: number; body: unknown }[];
}

export const newState = (): PayUState => ({ tokens: new Map(), orders: new Map(), refunds: new Map(), notifications: [], requests: [] });

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const randomUpper = (n: number) => [...randomBytes(n)].map((b) => UPPER[b % UPPER.length]).join('');

/** PayU order ids look like WZHF5FFDRJ140731GUEST000P01. */
export function payuOrderId(now: Date): string {
  const d = now.toISOString();
  return `${randomUpper(10)}${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}GUEST000P01`;
}

export interface PayUCtx {
  state: PayUState;
  opts: PayUEmulatorOptions;
  baseUrl: string;
  posId: string;
  now(): Date;
  /** Signs and posts a notification to `url` in the background. */
  notify(url: string | undefined, body: Json, meta: { orderId: string; kind: 'order' | 'refund'; status: string }): void;
}

/** PayU's timestamps: ISO with milliseconds and the +01:00/+02:00 offset of Warsaw; we use UTC. */
export const payuTime = (d: Date) => d.toISOString().replace('Z', '+00:00');
