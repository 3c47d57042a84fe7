import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../src/server/config.js';
import { createContext, type StartedContext } from '../../src/server/bootstrap.js';
import type { JobDefinition } from '../../src/server/jobs/job.js';
import type { Outbox } from '../../src/server/modules/outbox/outbox.service.js';

export const TEST_APP_SECRET = 'test-app-secret-0123456789abcdefghijklmnopqrstuvwxyz';

/** A full application context (database, pg-boss with workers) on the run's test database. */
export async function startTestContext(opts: { env?: Record<string, string>; extraJobs?: JobDefinition[]; subscribe?: (o: Outbox) => void; workers?: boolean } = {}): Promise<StartedContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    APP_SECRET: TEST_APP_SECRET,
    APP_URL: 'http://foyer.test',
    LOG_LEVEL: 'silent',
    DB_POOL_MAX: '10',
    SERVE_WEB: 'false',
    // Each context its own job tables: files run in parallel on one database, and a job sent by
    // one file's harness must never be run by another's workers (with other emulators).
    JOB_SCHEMA: `pgboss_t${randomBytes(5).toString('hex')}`,
    WORKERS: opts.workers === false ? 'false' : 'true',
    ...opts.env,
  });
  return createContext(config, { log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), extraJobs: opts.extraJobs, subscribe: opts.subscribe });
}
