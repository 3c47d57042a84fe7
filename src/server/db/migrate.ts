import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.js';

// Same relative depth from src/server/db and dist/server/db, so both find the committed SQL.
const migrationsFolder = fileURLToPath(new URL('../../../src/server/db/migrations', import.meta.url));

/** Runs `fn` while holding a session-level advisory lock, so concurrent processes take turns. */
export async function withAdvisoryLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/** Applies pending migrations; the lock keeps several starting processes from racing. */
export async function runMigrations(database: Database): Promise<void> {
  await withAdvisoryLock(database, 727001, () => migrate(database.db, { migrationsFolder }));
}
