import type { Tx } from '../../db/transaction.js';

/**
 * Checks other capabilities add to checkout without checkout knowing them (e.g. conferencing:
 * an e-mail already registered for the same conference, the host's own e-mail). They run inside
 * the order transaction after seats are taken — before any payment — and throw AppError.
 */
export interface CheckoutGuardInput {
  eventId: string;
  orderId: string;
  /** One entry per attendee, in order, with the slot their ticket is for (bookable). */
  people: { email: string; sessionId: string | null }[];
}

export type CheckoutGuard = (tx: Tx, input: CheckoutGuardInput) => Promise<void>;

const guards = new Map<string, CheckoutGuard>();

export function registerCheckoutGuard(name: string, guard: CheckoutGuard): void {
  guards.set(name, guard);
}

export async function runCheckoutGuards(tx: Tx, input: CheckoutGuardInput): Promise<void> {
  for (const g of guards.values()) await g(tx, input);
}
