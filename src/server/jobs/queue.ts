import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { JobDefinition } from './job.js';
import type { AppContext } from '../context.js';

export interface SendOptions {
  /** Business key: the same key is never queued twice while a job for it is pending. */
  singletonKey?: string;
  startAfter?: Date;
  /** Enqueue inside this transaction (outbox discipline). */
  client?: pg.PoolClient;
}

/**
 * pg-boss in the application's own database. Queues are created for every registered
 * job at start; sending to an unknown job name is a programming error and throws.
 */
export class JobQueue {
  readonly boss: PgBoss;
  private readonly defs = new Map<string, JobDefinition>();
  private started = false;

  constructor(connectionString: string, private readonly log: Logger, schema = 'pgboss') {
    this.boss = new PgBoss({ connectionString, max: 4, schema });
    this.boss.on('error', (err) => this.log.error({ err }, 'pg-boss error'));
  }

  register(def: JobDefinition): void {
    if (this.defs.has(def.name)) throw new Error(`Job ${def.name} registered twice`);
    this.defs.set(def.name, def);
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  async start(): Promise<void> {
    await this.boss.start();
    // One read of every queue, then writes only for what differs: restarts stay quick.
    const existing = new Map((await this.boss.getQueues()).map((q) => [q.name, q]));
    for (const def of this.defs.values()) {
      const options = {
        name: def.name,
        policy: def.policy ?? 'stately',
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 5,
        retryBackoff: def.retryBackoff ?? true,
        expireInSeconds: def.expireInSeconds ?? 300,
      } as const;
      const found = existing.get(def.name);
      if (found) {
        const same = found.policy === options.policy && found.retryLimit === options.retryLimit && found.retryDelay === options.retryDelay
          && found.retryBackoff === options.retryBackoff && found.expireInSeconds === options.expireInSeconds;
        if (!same) await this.boss.updateQueue(def.name, options);
        continue;
      }
      // Several processes may start at once; the loser of the race finds the queue made.
      await this.boss.createQueue(def.name, options).catch(async (err: { code?: string }) => {
        if (err.code !== '23505' || !(await this.boss.getQueue(def.name))) throw err;
      });
    }
    this.started = true;
  }

  /** Starts workers for every registered job; call only in processes that run workers. */
  async work(ctx: AppContext): Promise<void> {
    for (const def of this.defs.values()) {
      const concurrency = def.concurrency ?? 2;
      for (let i = 0; i < concurrency; i++) {
        await this.boss.work(def.name, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) {
            const data = def.schema.parse(job.data);
            await def.handler(data, ctx);
          }
        });
      }
      if (def.cron) await this.boss.schedule(def.name, def.cron, {}, { singletonKey: def.name });
    }
  }

  async send(name: string, data: object, opts: SendOptions = {}): Promise<string | null> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`No handler registered for job ${name}`);
    if (!this.started) throw new Error('Job queue not started');
    const payload = def.schema.parse(data) as object;
    return this.boss.send(name, payload, {
      singletonKey: opts.singletonKey,
      startAfter: opts.startAfter,
      ...(opts.client ? { db: { executeSql: (text: string, values: unknown[]) => opts.client!.query(text, values) } } : {}),
    });
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
    this.started = false;
  }
}
