import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/api.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('operations endpoints', () => {
  it('answers health, readiness and Prometheus metrics', async () => {
    expect((await h.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await h.call('GET', '/readyz')).json().status).toBe('ready');
    const m = await h.call('GET', '/metrics');
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body).toContain('foyer_http_request_duration_seconds');
    expect(m.body).toContain('foyer_process_cpu_user_seconds_total');
  });

  it('publishes an OpenAPI 3 document with the core contract and a docs page', async () => {
    const doc = (await h.call('GET', '/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/auth/signup', '/api/v1/events', '/api/v1/events/{eventId}/publish', '/api/v1/events/{eventId}/ticket-types', '/api/v1/public/events/{slug}/orders', '/api/v1/orders/{orderId}/refund', '/api/v1/members/{memberId}']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/events'].post.requestBody.content['application/json'].schema.properties.kind).toBeDefined();
    const docs = await h.call('GET', '/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const res = await h.call('GET', '/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
