import client from 'prom-client';

/** One registry per process; default Node metrics plus the few business ones that matter. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'foyer_' });

export const httpDuration = new client.Histogram({
  name: 'foyer_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
