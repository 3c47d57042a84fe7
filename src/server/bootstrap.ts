import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type Database } from './db/client.js';
import { runMigrations, withAdvisoryLock } from './db/migrate.js';
import { JobQueue } from './jobs/queue.js';
import { jobs } from './jobs/registry.js';
import type { JobDefinition } from './jobs/job.js';
import { resolveAppSecret, SecretBox } from './lib/crypto.js';
import { Outbox } from './modules/outbox/outbox.service.js';
import { registerSubscriptions } from './subscriptions.js';

export interface StartedContext extends AppContext {
  shutdown(): Promise<void>;
}

/**
 * Opens the database (PGlite or PostgreSQL), migrates, starts pg-boss with every job
 * registered and — unless told not to — its workers. Shared by main.ts, tests and benches.
 */
export async function createContext(
  config: Config,
  opts: { log?: Logger; extraJobs?: JobDefinition[]; pglitePath?: string; subscribe?: (outbox: Outbox) => void; database?: Database } = {},
): Promise<StartedContext> {
  const log = opts.log ?? pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.clientSecret', '*.secret'] });
  // main.ts opens the database itself, before loading the rest of the code, so the two overlap.
  const database = opts.database ?? await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolMax: config.DB_POOL_MAX, pglitePath: opts.pglitePath });
  try {
    await runMigrations(database);
    const appSecret = resolveAppSecret({ appSecret: config.APP_SECRET, dataDir: config.dataDir, embedded: database.embedded });
    const queue = new JobQueue(database.connectionString, log, config.JOB_SCHEMA);
    for (const job of [...jobs, ...(opts.extraJobs ?? [])]) queue.register(job);
    const outbox = new Outbox(queue);
    registerSubscriptions(outbox);
    opts.subscribe?.(outbox);
    // pg-boss creates queues (table partitions) non-atomically; processes starting together take turns.
    await withAdvisoryLock(database, 727002, () => queue.start());
    const ctx: AppContext = { config, database, queue, outbox, secrets: new SecretBox(appSecret), appSecret, log };
    if (config.WORKERS) await queue.work(ctx);
    return {
      ...ctx,
      async shutdown() {
        await queue.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
