import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import type { RecordedDomainEvent } from '../outbox/outbox.service.js';

/**
 * Event types not recorded on their own: `event.changed` and `session.changed` are the
 * signals conferencing and notifications act on, and the same PATCH also emits
 * `event.updated` / `session.updated` with before/after.
 */
const COVERED_ELSEWHERE = new Set(['event.changed', 'session.changed']);

/** Who caused a domain event, from the shapes services emit (`actor` or `actorId`). */
function actorOf(type: string, p: Record<string, unknown>): { type: string; id: string | null } {
  const a = p.actor as { type?: string; id?: string | null } | undefined;
  if (a?.type) return { type: a.type, id: a.id ?? null };
  if (typeof p.actorId === 'string') return { type: 'member', id: p.actorId };
  if (type === 'order.created') return { type: 'buyer', id: null };
  return { type: 'system', id: null };
}

/** Derives the audit entry of a domain event, or null for events that need none. */
export function auditEntryFor(ev: RecordedDomainEvent) {
  const p = ev.payload ?? {};
  if (COVERED_ELSEWHERE.has(ev.type)) return null;
  // One `attendees.imported` entry stands for the many orders an import creates.
  if (p.source === 'import' && ev.type.startsWith('order.')) return null;
  const { actor: _a, actorId: _i, before, after, eventId, ...details } = p;
  const to = ev.type.startsWith('order.') ? ev.type.slice('order.'.length) : null;
  const statusChange = to && 'from' in p ? { before: { status: p.from ?? null }, after: { status: to } } : null;
  return {
    id: newId('aud'),
    organizationId: ev.organizationId,
    eventId: typeof eventId === 'string' ? eventId : ev.aggregateType === 'event' ? ev.aggregateId : null,
    actor: actorOf(ev.type, p),
    action: ev.type,
    targetType: ev.aggregateType,
    targetId: ev.aggregateId,
    before: (before as Record<string, unknown> | undefined) ?? statusChange?.before ?? null,
    after: (after as Record<string, unknown> | undefined) ?? statusChange?.after ?? null,
    details,
    domainEventId: ev.id,
    createdAt: ev.createdAt,
  };
}

/**
 * Outbox recorder (subscriptions.ts): the entry is written in the transaction that made the
 * change, so it commits or rolls back with it and is in the log when the request returns —
 * no job to wait for, nothing lost if a worker dies. `domain_event_id` is unique.
 */
export async function recordAuditEntry(tx: Tx, ev: RecordedDomainEvent): Promise<void> {
  const entry = auditEntryFor(ev);
  if (!entry) return;
  await tx.client.query(
    `INSERT INTO audit_log (id, organization_id, event_id, actor_type, actor_id, action, target_type, target_id, before, after, details, domain_event_id, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (domain_event_id) DO NOTHING`,
    [entry.id, entry.organizationId, entry.eventId, entry.actor.type, entry.actor.id, entry.action, entry.targetType, entry.targetId,
      entry.before && JSON.stringify(entry.before), entry.after && JSON.stringify(entry.after), JSON.stringify(entry.details), entry.domainEventId, entry.createdAt],
  );
}

interface AuditRow {
  id: string; seq: number; event_id: string | null; actor_type: string; actor_id: string | null; actor_name: string | null; actor_email: string | null;
  action: string; target_type: string; target_id: string; before: unknown; after: unknown; details: Record<string, unknown>; created_at: Date;
}

/**
 * Newest first, one organisation only. `before` is the `nextBefore` cursor of the previous
 * page (an entry id) or an ISO instant.
 */
export async function listAuditLog(ctx: AppContext, organizationId: string, q: { eventId?: string; limit: number; before?: string }) {
  const params: unknown[] = [organizationId];
  const where = ['l.organization_id = $1'];
  if (q.eventId) where.push(`l.event_id = $${params.push(q.eventId)}`);
  if (q.before) {
    if (/^\d{4}-\d{2}-\d{2}T/.test(q.before)) {
      if (Number.isNaN(Date.parse(q.before))) throw invalid('before', 'must be a cursor from nextBefore or an ISO 8601 instant');
      where.push(`l.created_at < $${params.push(q.before)}`);
    } else {
      where.push(`(l.created_at, l.seq) < (SELECT created_at, seq FROM audit_log WHERE id = $${params.push(q.before)} AND organization_id = $1)`);
    }
  }
  const r = await ctx.database.pool.query<AuditRow>(
    `SELECT l.id, l.seq, l.event_id, l.actor_type, l.actor_id, u.name AS actor_name, u.email AS actor_email, l.action, l.target_type, l.target_id,
            l.before, l.after, l.details, l.created_at
       FROM audit_log l
       LEFT JOIN members m ON l.actor_type = 'member' AND m.id = l.actor_id AND m.organization_id = l.organization_id
       LEFT JOIN users u ON u.id = m.user_id
      WHERE ${where.join(' AND ')}
      ORDER BY l.created_at DESC, l.seq DESC LIMIT ${q.limit + 1}`,
    params,
  );
  const page = r.rows.slice(0, q.limit);
  return {
    data: page.map((x) => ({
      id: x.id,
      eventId: x.event_id,
      actor: { type: x.actor_type, id: x.actor_id, name: x.actor_name, email: x.actor_email },
      action: x.action,
      target: { type: x.target_type, id: x.target_id },
      before: (x.before as Record<string, unknown> | null) ?? null,
      after: (x.after as Record<string, unknown> | null) ?? null,
      details: x.details,
      createdAt: x.created_at.toISOString(),
    })),
    nextBefore: r.rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}
