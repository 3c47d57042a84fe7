import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.js';
import { httpDuration, registry } from './metrics.js';

export function opsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    /** Liveness: the process answers. */
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    /** Readiness: the database answers and the job queue is running. */
    app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
      try {
        await ctx.database.pool.query('SELECT 1');
        return { status: 'ready', database: ctx.database.embedded ? 'pglite' : 'postgresql' };
      } catch (err) {
        return reply.status(503).send({ status: 'unavailable', error: (err as Error).message });
      }
    });

    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      const r = await ctx.database.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM orders GROUP BY status`);
      const lines = r.rows.map((x) => `foyer_orders{status="${x.status}"} ${x.n}`);
      reply.header('content-type', registry.contentType);
      return (await registry.metrics()) + `# HELP foyer_orders Orders by status\n# TYPE foyer_orders gauge\n${lines.join('\n')}\n`;
    });
  };
}
