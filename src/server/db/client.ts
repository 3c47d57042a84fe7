import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';
import { applyProtocolLock } from './pglite-protocol-lock.js';

export type Db = NodePgDatabase<typeof schema>;

export interface Database {
  pool: pg.Pool;
  db: Db;
  /** Connection string other components (pg-boss) use; for PGlite it points at the loopback socket. */
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

// Timestamps come back as Date objects; bigint counts (count(*)) as numbers — our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * One `pg` pool code path for both modes. With no DATABASE_URL we start PGlite on disk and
 * serve it to ourselves with pglite-socket, so transactions, row locks and pg-boss behave
 * exactly as they do against a real PostgreSQL server.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  poolMax: number;
  /** PGlite only: `memory://` for throw-away databases (tests). */
  pglitePath?: string;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax });
    return {
      pool,
      db: drizzle(pool, { schema }),
      connectionString: opts.databaseUrl,
      embedded: false,
      close: () => pool.end(),
    };
  }
  const embedded = await startEmbeddedPostgres(opts.pglitePath ?? path.join(opts.dataDir, 'db'));
  const pool = new pg.Pool({ connectionString: embedded.connectionString, max: opts.poolMax });
  return {
    pool,
    db: drizzle(pool, { schema }),
    connectionString: embedded.connectionString,
    embedded: true,
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}

export async function startEmbeddedPostgres(dbPath: string) {
  // Imported lazily: production (DATABASE_URL) never loads the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (!dbPath.startsWith('memory://')) fs.mkdirSync(dbPath, { recursive: true });
  const pglite = await PGlite.create(dbPath);
  // maxConnections > pool sizes of the app + pg-boss; pglite-socket queues queries per
  // connection and keeps each transaction on its own connection.
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 200 });
  applyProtocolLock(server);
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    connectionString: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}
