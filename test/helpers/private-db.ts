import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startEmbeddedPostgres } from '../../src/server/db/client.js';

/**
 * A database of the test file's own, for tests whose background jobs must run in their own
 * process: files run in parallel and share the run's pg-boss queues, so a job sent by one
 * file's harness may be picked up by another file's workers (with another SMTP_URL, say).
 * PGlite run: a fresh in-memory PGlite; PostgreSQL run: a new database on the same server.
 */
export async function privateDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (inject('databaseKind') !== 'postgresql') {
    const e = await startEmbeddedPostgres('memory://');
    return { url: e.connectionString, drop: e.stop };
  }
  const base = new URL(inject('databaseUrl'));
  const name = `foyer_t_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      // Never FORCE: killing a connection a closing pool (or pg-boss) still holds surfaces as an
      // uncaught 57P01 in the test process. A database still in use stays; the next run's
      // global setup drops every leftover foyer_t_* database.
      await c.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
      await c.end();
    },
  };
}
