import type pg from 'pg';
import { insertRows } from '../../src/server/db/sql.js';
import { newId, newSecretToken } from '../../src/server/lib/tokens.js';

const NAMES = [['Zażółć', 'Gęślą'], ['太郎', '山田'], ['Иван', 'Петров'], ['민준', '김'], ['Ada', 'Lovelace']] as const;

/**
 * Inserts `n` attendees of completed free orders (`perOrder` per order) straight into the
 * database with multi-row INSERTs: the export test and benchmark need volume, not checkout.
 * Names cycle through the seeds' languages so the CSV carries multi-byte text.
 */
export async function seedAttendees(pool: pg.Pool, o: { organizationId: string; eventId: string; ticketTypeId: string; currency?: string; n: number; perOrder?: number; chunk?: number }) {
  const perOrder = o.perOrder ?? 4;
  const chunk = o.chunk ?? 1000;
  const currency = o.currency ?? 'PLN';
  const client = await pool.connect();
  try {
    for (let start = 0; start < o.n; start += chunk) {
      const count = Math.min(chunk, o.n - start);
      const orders: unknown[][] = [];
      const items: unknown[][] = [];
      const people: unknown[][] = [];
      for (let i = 0; i < count; i += perOrder) {
        const orderId = newId('ord');
        const itemId = newId('oit');
        const size = Math.min(perOrder, count - i);
        const [first, last] = NAMES[(start + i) % NAMES.length]!;
        orders.push([orderId, o.organizationId, o.eventId, newSecretToken(), 'completed', first, last, `buyer-${start + i}@example.com`, 'free', currency, 0, 0, 'checkout']);
        items.push([itemId, o.organizationId, orderId, o.ticketTypeId, size, 0, currency]);
        for (let k = 0; k < size; k++) {
          const [f, l] = NAMES[(start + i + k) % NAMES.length]!;
          people.push([newId('att'), o.organizationId, o.eventId, orderId, itemId, o.ticketTypeId, f, l, `person-${start + i + k}@example.com`, k === 0, newSecretToken(), k]);
        }
      }
      await insertRows(client, 'orders', ['id', 'organization_id', 'event_id', 'token', 'status', 'buyer_first_name', 'buyer_last_name', 'buyer_email', 'payment_method', 'currency', 'subtotal_amount', 'total_amount', 'source'], orders);
      await insertRows(client, 'order_items', ['id', 'organization_id', 'order_id', 'ticket_type_id', 'quantity', 'unit_amount', 'currency'], items);
      await insertRows(client, 'attendees', ['id', 'organization_id', 'event_id', 'order_id', 'order_item_id', 'ticket_type_id', 'first_name', 'last_name', 'email', 'is_buyer', 'ticket_token', 'position'], people);
    }
    await client.query(`UPDATE orders SET completed_at = created_at WHERE event_id = $1 AND completed_at IS NULL`, [o.eventId]);
    await client.query(`UPDATE events SET reserved = reserved + $2 WHERE id = $1`, [o.eventId, o.n]);
    await client.query(`UPDATE ticket_types SET reserved = reserved + $2 WHERE id = $1`, [o.ticketTypeId, o.n]);
  } finally {
    client.release();
  }
}
