import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';
import type { Db } from './client.js';

/** A transaction: the raw client (for pg-boss and hot SQL) and a Drizzle handle bound to it. */
export interface Tx {
  client: pg.PoolClient;
  db: Db;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Runs `fn` in one transaction on one pooled connection. Deadlocks and serialization
 * failures are retried (the work is re-run from scratch, so `fn` must not have outside
 * side effects before commit — enqueue jobs through the outbox instead).
 */
export async function transaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({ client, db: drizzle(client, { schema }) as unknown as Db });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < attempts) continue;
      throw err;
    } finally {
      client.release();
    }
  }
}

/**
 * Runs several reads on one consistent snapshot (REPEATABLE READ, read only), so a response
 * assembled from several queries never mixes states from before and after another commit
 * (e.g. a refund marked failed next to the order amount it has not yet given back).
 */
export async function readSnapshot<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await fn({ client, db: drizzle(client, { schema }) as unknown as Db });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
