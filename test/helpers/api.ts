import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { StartedContext } from '../../src/server/bootstrap.js';
import { startTestContext } from './context.js';
import type { JobDefinition } from '../../src/server/jobs/job.js';
import type { Outbox } from '../../src/server/modules/outbox/outbox.service.js';

export interface Harness {
  ctx: StartedContext;
  app: FastifyInstance;
  /** JSON request through Fastify's inject; `token` adds the bearer header. */
  call(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse & { body: string; json(): any }>;
  close(): Promise<void>;
}

export async function startHarness(opts: { env?: Record<string, string>; extraJobs?: JobDefinition[]; subscribe?: (o: Outbox) => void; workers?: boolean } = {}): Promise<Harness> {
  const ctx = await startTestContext(opts);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    ctx,
    app,
    async call(method, url, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      return app.inject({ method: method as 'GET', url, headers, ...(o.body !== undefined ? { payload: o.body as object } : {}) });
    },
    async close() {
      await app.close();
      await ctx.shutdown();
    },
  };
}
