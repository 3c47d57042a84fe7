import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { transaction, type Tx } from '../../db/transaction.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/tokens.js';
import { money } from '../../lib/money.js';
import type { Principal } from '../auth/auth.service.js';
import { findEvent, listTicketTypes } from '../events/events.repo.js';
import { Instant, MoneyIn } from '../../http/schemas.js';

export const PromoCodeCreate = z.object({
  code: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  percentOff: z.number().int().min(1).max(100).optional(),
  amountOff: MoneyIn.optional(),
  maxUses: z.number().int().min(1).max(1_000_000).nullable().optional(),
  validUntil: Instant.nullable().optional(),
  ticketTypeIds: z.array(z.string().min(1)).max(100).optional(),
});
export const PromoCodePatch = PromoCodeCreate.partial().extend({ active: z.boolean().optional() });

interface PromoRow {
  id: string;
  organization_id: string;
  event_id: string;
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  max_uses: number | null;
  used_count: number;
  valid_until: Date | null;
  ticket_type_ids: string[];
  active: boolean;
  created_at: Date;
}

export function serializePromoCode(r: PromoRow) {
  return {
    id: r.id,
    eventId: r.event_id,
    code: r.code,
    percentOff: r.percent_off,
    amountOff: r.amount_off !== null ? money(r.amount_off, r.currency!) : null,
    maxUses: r.max_uses,
    usedCount: r.used_count,
    remainingUses: r.max_uses === null ? null : Math.max(0, r.max_uses - r.used_count),
    validUntil: r.valid_until?.toISOString() ?? null,
    ticketTypeIds: r.ticket_type_ids,
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}

async function checkShape(ctx: AppContext, organizationId: string, eventId: string, v: { percentOff?: number | null; amountOff?: { amount: number; currency: string } | null; ticketTypeIds?: string[] }) {
  const hasPct = v.percentOff !== undefined && v.percentOff !== null;
  const hasAmt = v.amountOff !== undefined && v.amountOff !== null;
  if (hasPct === hasAmt) throw invalid('percentOff', 'give either percentOff (1–100) or amountOff, not both');
  const types = await listTicketTypes(ctx.database.db, organizationId, eventId);
  if (hasAmt) {
    if (v.amountOff!.amount < 1) throw invalid('amountOff.amount', 'must be at least 1 minor unit');
    const currency = types[0]?.currency;
    if (currency && v.amountOff!.currency !== currency) throw invalid('amountOff.currency', `must be the event's currency ${currency}`);
  }
  v.ticketTypeIds?.forEach((id, i) => {
    if (!types.some((t) => t.id === id)) throw invalid(`ticketTypeIds.${i}`, 'is not a ticket type of this event');
  });
}

export async function listPromoCodes(ctx: AppContext, organizationId: string, eventId: string) {
  await findEvent(ctx.database.db, organizationId, eventId);
  const r = await ctx.database.pool.query<PromoRow>(`SELECT * FROM promo_codes WHERE event_id = $1 AND organization_id = $2 ORDER BY created_at, id`, [eventId, organizationId]);
  return r.rows.map(serializePromoCode);
}

export async function createPromoCode(ctx: AppContext, p: Principal, eventId: string, input: z.infer<typeof PromoCodeCreate>) {
  await findEvent(ctx.database.db, p.organizationId, eventId);
  await checkShape(ctx, p.organizationId, eventId, input);
  const dup = await ctx.database.pool.query(`SELECT 1 FROM promo_codes WHERE event_id = $1 AND upper(code) = upper($2)`, [eventId, input.code]);
  if (dup.rowCount) throw conflict('promo_code_taken', `The code ${input.code} already exists for this event`, { fields: [{ field: 'code', message: 'already exists' }] });
  const created = await transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<PromoRow>(
      `INSERT INTO promo_codes (id, organization_id, event_id, code, percent_off, amount_off, currency, max_uses, valid_until, ticket_type_ids)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *`,
      [newId('prm'), p.organizationId, eventId, input.code, input.percentOff ?? null, input.amountOff?.amount ?? null, input.amountOff?.currency ?? null,
        input.maxUses ?? null, input.validUntil ?? null, JSON.stringify(input.ticketTypeIds ?? [])],
    );
    const out = serializePromoCode(r.rows[0]!);
    await emitOrganiserAction(ctx, tx, p, { type: 'promo_code.created', aggregateType: 'promo_code', aggregateId: out.id, eventId, after: auditable(out) });
    return out;
  });
  return created;
}

export async function updatePromoCode(ctx: AppContext, p: Principal, eventId: string, promoCodeId: string, patch: z.infer<typeof PromoCodePatch>) {
  await findEvent(ctx.database.db, p.organizationId, eventId);
  const cur = await ctx.database.pool.query<PromoRow>(`SELECT * FROM promo_codes WHERE id = $1 AND event_id = $2 AND organization_id = $3`, [promoCodeId, eventId, p.organizationId]);
  const row = cur.rows[0];
  if (!row) throw notFound('Promo code');
  const next = {
    percentOff: patch.amountOff ? null : (patch.percentOff ?? (patch.amountOff === undefined ? row.percent_off : null)),
    amountOff: patch.percentOff ? null : (patch.amountOff ?? (row.amount_off !== null ? { amount: row.amount_off, currency: row.currency! } : null)),
    ticketTypeIds: patch.ticketTypeIds ?? row.ticket_type_ids,
  };
  await checkShape(ctx, p.organizationId, eventId, next);
  if (patch.maxUses !== undefined && patch.maxUses !== null && patch.maxUses < row.used_count) {
    throw invalid('maxUses', `the code was used ${row.used_count} times already; maxUses cannot go below that`);
  }
  if (patch.code && patch.code.toUpperCase() !== row.code.toUpperCase()) {
    const dup = await ctx.database.pool.query(`SELECT 1 FROM promo_codes WHERE event_id = $1 AND upper(code) = upper($2) AND id <> $3`, [eventId, patch.code, promoCodeId]);
    if (dup.rowCount) throw conflict('promo_code_taken', `The code ${patch.code} already exists for this event`, { fields: [{ field: 'code', message: 'already exists' }] });
  }
  return transaction(ctx.database.pool, async (tx) => {
    const r = await tx.client.query<PromoRow>(
      `UPDATE promo_codes SET code = $2, percent_off = $3, amount_off = $4, currency = $5,
         max_uses = CASE WHEN $6::boolean THEN $7::int ELSE max_uses END,
         valid_until = CASE WHEN $8::boolean THEN $9::timestamptz ELSE valid_until END,
         ticket_type_ids = $10, active = $11, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [promoCodeId, patch.code ?? row.code, next.percentOff, next.amountOff?.amount ?? null, next.amountOff?.currency ?? null,
        patch.maxUses !== undefined, patch.maxUses ?? null, patch.validUntil !== undefined, patch.validUntil ?? null,
        JSON.stringify(next.ticketTypeIds), patch.active ?? row.active],
    );
    const out = serializePromoCode(r.rows[0]!);
    await emitOrganiserAction(ctx, tx, p, { type: 'promo_code.updated', aggregateType: 'promo_code', aggregateId: promoCodeId, eventId, before: auditable(serializePromoCode(row)), after: auditable(out) });
    return out;
  });
}

/** What the audit log keeps of a code: its terms, not the counters that change with every sale. */
function auditable(c: ReturnType<typeof serializePromoCode>): Record<string, unknown> {
  const { usedCount: _u, remainingUses: _r, createdAt: _c, id: _i, eventId: _e, ...terms } = c;
  return terms;
}

/** A code as checkout needs it (looked up before the transaction; consumed inside it). */
export async function findPromoCode(ctx: AppContext, eventId: string, code: string) {
  const r = await ctx.database.pool.query<PromoRow>(`SELECT * FROM promo_codes WHERE event_id = $1 AND upper(code) = upper($2)`, [eventId, code.trim()]);
  const row = r.rows[0];
  const bad = (why: string) => invalid('promoCode', why, 'invalid_promo_code');
  if (!row || !row.active) throw bad('is not a valid code for this event');
  if (row.valid_until && row.valid_until <= new Date()) throw bad('has expired');
  if (row.max_uses !== null && row.used_count >= row.max_uses) throw new AppError('promo_code_used_up', 409, 'This promo code has been used up', { fields: [{ field: 'promoCode', message: 'used up' }] });
  return row;
}

export type PromoCode = PromoRow;

/**
 * Discount of a code on the order lines, in minor units: percent of each eligible line at
 * its current (possibly discounted) price, rounded down per line; or a fixed amount off the
 * eligible subtotal. Never more than the eligible subtotal.
 */
export function discountFor(code: PromoRow, lines: { ticketTypeId: string; unitAmount: number; quantity: number }[]): number {
  const eligible = lines.filter((l) => !code.ticket_type_ids.length || code.ticket_type_ids.includes(l.ticketTypeId));
  const base = eligible.reduce((n, l) => n + l.unitAmount * l.quantity, 0);
  if (code.percent_off !== null) {
    if (code.percent_off >= 100) return base;
    return Math.min(base, eligible.reduce((n, l) => n + Math.floor((l.unitAmount * l.quantity * code.percent_off!) / 100), 0));
  }
  return Math.min(base, code.amount_off ?? 0);
}

/**
 * Takes one use of a code inside the checkout transaction: a conditional UPDATE, re-checked
 * by PostgreSQL after waiting for the row lock, so concurrent checkouts never exceed maxUses.
 */
export async function consumePromoCode(tx: Tx, promoCodeId: string): Promise<void> {
  const r = await tx.client.query(
    `UPDATE promo_codes SET used_count = used_count + 1
      WHERE id = $1 AND active AND (max_uses IS NULL OR used_count < max_uses) AND (valid_until IS NULL OR valid_until > now()) RETURNING id`,
    [promoCodeId],
  );
  if (!r.rowCount) throw new AppError('promo_code_used_up', 409, 'This promo code has been used up', { fields: [{ field: 'promoCode', message: 'used up' }] });
}
