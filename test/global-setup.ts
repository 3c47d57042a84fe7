import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, openDatabase } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'pglite' | 'postgresql';
  }
}

/** Starts (PGlite) or resets (PostgreSQL) the run's database and migrates it once. */
export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const leftovers = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'foyer\\_t\\_%'`);
    for (const { datname } of leftovers.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    const jobSchemas = await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgboss%'`);
    for (const { nspname } of jobSchemas.rows) await c.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    await c.query('DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE; CREATE SCHEMA public;');
    await c.end();
  } else {
    const embedded = await startEmbeddedPostgres('memory://');
    url = embedded.connectionString;
    stop = embedded.stop;
  }
  const database = await openDatabase({ databaseUrl: url, dataDir: '/tmp', poolMax: 2 });
  await runMigrations(database);
  await database.close();
  project.provide('databaseUrl', url);
  project.provide('databaseKind', process.env.DATABASE_URL ? 'postgresql' : 'pglite');
  return async () => {
    await stop?.();
  };
}
