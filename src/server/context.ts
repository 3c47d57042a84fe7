import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { JobQueue } from './jobs/queue.js';
import type { SecretBox } from './lib/crypto.js';
import type { Outbox } from './modules/outbox/outbox.service.js';

/** Everything a service or job handler needs, built once in bootstrap.ts. */
export interface AppContext {
  config: Config;
  database: Database;
  queue: JobQueue;
  outbox: Outbox;
  secrets: SecretBox;
  /** Resolved APP_SECRET (env or generated); never logged or returned. */
  appSecret: string;
  log: Logger;
}
