import type pg from 'pg';
import type { events, ImportIssue, sessions, ticketTypes } from '../../db/schema/index.js';
import { Email, Name } from '../../http/schemas.js';
import type { ImportLine } from './import-csv.parse.js';

type EventRow = typeof events.$inferSelect;
type TicketTypeRow = typeof ticketTypes.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;

export interface PlannedSeat {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  ticketTypeId: string;
  sessionId: string | null;
}

/** One order to create: the first seat is the buyer (representative), the rest companions. */
export interface PlannedOrder {
  seats: PlannedSeat[];
  currency: string;
}

const FIRST = Name(100);
const LAST = Name(100);

/**
 * Checks every line against the event without stopping at the first problem, and groups
 * valid lines into orders. Pure except for the already-registered and capacity look-ups,
 * which run on `client` (inside the import's transaction when writing, so they are exact).
 */
export async function planImport(
  client: pg.Pool | pg.PoolClient,
  event: EventRow,
  types: TicketTypeRow[],
  slots: SessionRow[],
  lines: ImportLine[],
  missing: string[] = [],
): Promise<{ orders: PlannedOrder[]; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  // A column the header lacks is reported once (line 1), not as "required" on every line.
  const absent = new Set(missing);
  const seats: (PlannedSeat & { group: string })[] = [];
  const seen = new Map<string, number>();
  for (const l of lines) {
    const bad = (field: string, message: string) => { if (!absent.has(field)) issues.push({ line: l.line, field, message }); };
    const first = FIRST.safeParse(l.firstName);
    if (!first.success) bad('first name', first.error.issues[0]!.message);
    const last = LAST.safeParse(l.lastName);
    if (!last.success) bad('last name', last.error.issues[0]!.message);
    const email = Email.safeParse(l.email);
    if (!email.success) bad('e-mail', l.email ? `"${l.email}" is not a valid e-mail address` : 'is required');
    const key = l.ticketType.trim().toLowerCase();
    const tt = types.find((t) => t.id === l.ticketType.trim()) ?? types.find((t) => t.name.trim().toLowerCase() === key);
    if (!l.ticketType) bad('ticket type', 'is required (a ticket type name or id)');
    else if (!tt) bad('ticket type', `"${l.ticketType}" is not a ticket type of this event (known: ${types.map((t) => t.name).join(', ') || 'none'})`);
    let sessionId: string | null = null;
    if (event.kind === 'bookable') {
      const at = Date.parse(l.session);
      const slot = slots.find((s) => s.id === l.session || (Number.isFinite(at) && s.startsAt.getTime() === at));
      if (!l.session) bad('session start', 'is required for a bookable event (the slot start, e.g. 2026-12-01T18:00:00+01:00)');
      else if (!slot) bad('session start', `"${l.session}" is not the start of an active slot of this event`);
      else sessionId = slot.id;
    } else if (l.session) {
      bad('session start', `only bookable events take a slot; a ${event.kind.replace('_', '-')} ticket covers every session`);
    }
    if (email.success) {
      // Same rule as checkout: one live ticket per e-mail (per slot for bookable events).
      const k = `${email.data}|${sessionId ?? ''}`;
      if (seen.has(k)) bad('e-mail', `${email.data} appears more than once (also on line ${seen.get(k)})`);
      else seen.set(k, l.line);
    }
    if (!absent.size && first.success && last.success && email.success && tt && (event.kind !== 'bookable' || sessionId)) {
      seats.push({ line: l.line, firstName: first.data, lastName: last.data, email: email.data, ticketTypeId: tt.id, sessionId, group: l.group.trim() });
    }
  }
  issues.push(...(await alreadyRegistered(client, event.id, seats)));
  issues.push(...capacityIssues(event, types, slots, seats));
  issues.sort((a, b) => a.line - b.line);

  const byGroup = new Map<string, PlannedSeat[]>();
  const orders: PlannedOrder[] = [];
  const currency = types[0]?.currency ?? 'EUR';
  for (const { group, ...seat } of seats) {
    if (!group) { orders.push({ seats: [seat], currency }); continue; }
    const existing = byGroup.get(group);
    if (existing) existing.push(seat);
    else { const list = [seat]; byGroup.set(group, list); orders.push({ seats: list, currency }); }
  }
  return { orders, issues };
}

export async function alreadyRegistered(client: pg.Pool | pg.PoolClient, eventId: string, seats: PlannedSeat[]): Promise<ImportIssue[]> {
  if (!seats.length) return [];
  const r = await client.query<{ email: string; session_id: string | null }>(
    `SELECT DISTINCT a.email, a.session_id FROM attendees a JOIN orders o ON o.id = a.order_id
      WHERE a.event_id = $1 AND a.status = 'active' AND o.holds_seats AND a.email = ANY($2)`,
    [eventId, [...new Set(seats.map((s) => s.email))]],
  );
  const taken = new Map<string, (string | null)[]>();
  for (const row of r.rows) taken.set(row.email, [...(taken.get(row.email) ?? []), row.session_id]);
  return seats
    .filter((s) => (taken.get(s.email) ?? []).some((sid) => sid === null || s.sessionId === null || sid === s.sessionId))
    .map((s) => ({ line: s.line, field: 'e-mail', message: `${s.email} already has a ticket for this event` }));
}

/** Names the first line that no longer fits, per limit, with how many seats are left. */
function capacityIssues(event: EventRow, types: TicketTypeRow[], slots: SessionRow[], seats: PlannedSeat[]): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const check = (field: string, what: string, capacity: number | null, reserved: number, mine: PlannedSeat[]) => {
    if (capacity === null || reserved + mine.length <= capacity) return;
    const left = Math.max(0, capacity - reserved);
    issues.push({ line: mine[left]!.line, field, message: `${what} has ${left} seat${left === 1 ? '' : 's'} left; this file needs ${mine.length}` });
  };
  check('capacity', 'the event', event.capacity, event.reserved, seats);
  for (const t of types) check('ticket type', `"${t.name}"`, t.capacity, t.reserved, seats.filter((s) => s.ticketTypeId === t.id));
  for (const s of slots) check('session start', `the slot at ${s.startsAt.toISOString()}`, s.capacity, s.reserved, seats.filter((x) => x.sessionId === s.id));
  return issues;
}
