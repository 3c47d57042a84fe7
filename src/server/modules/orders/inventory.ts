import type { Tx } from '../../db/transaction.js';
import { conflict } from '../../lib/errors.js';

export interface SeatLine {
  ticketTypeId: string;
  sessionId: string | null;
  quantity: number;
}

/**
 * Takes seats for an order, or throws 409 sold_out. Each counter is a conditional UPDATE
 * (`reserved + q <= capacity`), which PostgreSQL re-checks after waiting for the row lock,
 * so concurrent buyers can never push a counter past its capacity. Rows are always locked
 * in the same order (event, sessions, ticket types, each by id) so buyers cannot deadlock.
 */
export async function reserveSeats(tx: Tx, eventId: string, lines: SeatLine[]): Promise<void> {
  const total = lines.reduce((n, l) => n + l.quantity, 0);
  const ev = await tx.client.query(
    `UPDATE events SET reserved = reserved + $2 WHERE id = $1 AND (capacity IS NULL OR reserved + $2 <= capacity) RETURNING reserved`,
    [eventId, total],
  );
  if (!ev.rowCount) throw conflict('sold_out', 'The event is sold out (not enough seats left for this order)', { scope: 'event' });

  for (const [sessionId, q] of sumBy(lines.filter((l) => l.sessionId), (l) => l.sessionId!)) {
    const r = await tx.client.query(
      `UPDATE sessions SET reserved = reserved + $2 WHERE id = $1 AND status = 'active' AND (capacity IS NULL OR reserved + $2 <= capacity) RETURNING id`,
      [sessionId, q],
    );
    if (!r.rowCount) throw conflict('sold_out', 'This slot is fully booked; choose another one', { scope: 'session', sessionId });
  }
  for (const [ticketTypeId, q] of sumBy(lines, (l) => l.ticketTypeId)) {
    const r = await tx.client.query(
      `UPDATE ticket_types SET reserved = reserved + $2 WHERE id = $1 AND (capacity IS NULL OR reserved + $2 <= capacity) RETURNING id`,
      [ticketTypeId, q],
    );
    if (!r.rowCount) throw conflict('sold_out', 'Not enough tickets of this type are left', { scope: 'ticket_type', ticketTypeId });
  }
}

/** Gives seats back (order expired, failed, rejected, cancelled, refunded, or one attendee cancelled). */
export async function releaseSeats(tx: Tx, eventId: string, lines: SeatLine[]): Promise<void> {
  const total = lines.reduce((n, l) => n + l.quantity, 0);
  if (!total) return;
  await tx.client.query(`UPDATE events SET reserved = GREATEST(reserved - $2, 0) WHERE id = $1`, [eventId, total]);
  for (const [sessionId, q] of sumBy(lines.filter((l) => l.sessionId), (l) => l.sessionId!)) {
    await tx.client.query(`UPDATE sessions SET reserved = GREATEST(reserved - $2, 0) WHERE id = $1`, [sessionId, q]);
  }
  for (const [ticketTypeId, q] of sumBy(lines, (l) => l.ticketTypeId)) {
    await tx.client.query(`UPDATE ticket_types SET reserved = GREATEST(reserved - $2, 0) WHERE id = $1`, [ticketTypeId, q]);
  }
}

function sumBy<T>(items: T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + (i as unknown as SeatLine).quantity);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
