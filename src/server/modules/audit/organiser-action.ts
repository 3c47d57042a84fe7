import type { AppContext } from '../../context.js';
import { transaction, type Tx } from '../../db/transaction.js';
import type { Principal } from '../auth/auth.service.js';
import { changedFields } from './audit-diff.js';

/**
 * Emits the domain event of an organiser action that has no state machine of its own (promo
 * codes, credentials, conferencing accounts, templates, resends, retries), so it lands in the
 * audit log with who, what and before/after. Call it in the transaction of the change.
 * `before`/`after` are reduced to the fields that changed; never pass secrets.
 */
export async function emitOrganiserAction(
  ctx: AppContext,
  tx: Tx,
  p: Principal,
  a: { type: string; aggregateType: string; aggregateId: string; eventId?: string | null; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; details?: Record<string, unknown> },
): Promise<void> {
  let before = a.before ?? undefined;
  let after = a.after ?? undefined;
  if (before && after) {
    const diff = changedFields(before, after);
    if (!diff) return; // nothing changed: nothing to audit
    ({ before, after } = diff);
  }
  await ctx.outbox.emit(tx, {
    organizationId: p.organizationId,
    type: a.type,
    aggregateType: a.aggregateType,
    aggregateId: a.aggregateId,
    payload: { ...a.details, actorId: p.memberId, ...(a.eventId ? { eventId: a.eventId } : {}), ...(before ? { before } : {}), ...(after ? { after } : {}) },
  });
}

/**
 * For organiser actions that change none of our rows themselves (resending e-mails): the
 * entry gets a transaction of its own, written once the action has been accepted.
 */
export async function recordOrganiserAction(ctx: AppContext, p: Principal, a: Parameters<typeof emitOrganiserAction>[3]): Promise<void> {
  await transaction(ctx.database.pool, (tx) => emitOrganiserAction(ctx, tx, p, a));
}
