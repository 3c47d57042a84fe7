import fs from 'node:fs';
import path from 'node:path';
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

/**
 * True when the database already has the newest committed migration — drizzle's own test
 * (its newest `created_at` against the journal's last `when`), done with one query so an
 * ordinary restart skips the lock and the migrator.
 */
async function upToDate(database: Database): Promise<boolean> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const r = await database.pool.query<{ at: string | null }>('SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations');
    return r.rows[0]?.at != null && Number(r.rows[0].at) >= newest;
  } catch {
    return false; // no migrations table yet: a new database
  }
}

/** Applies pending migrations; the lock keeps several starting processes from racing. */
export async function runMigrations(database: Database): Promise<void> {
  if (await upToDate(database)) return;
  await withAdvisoryLock(database, 727001, () => migrate(database.db, { migrationsFolder }));
}
