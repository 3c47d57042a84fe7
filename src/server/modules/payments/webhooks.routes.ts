import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { handleNotification, refreshOrderPayment } from './payments.service.js';
import { errorResponses } from '../../http/schemas.js';

/**
 * Provider notifications, outside the organiser scope. Signatures are computed over the
 * exact bytes received, so this plugin keeps the raw body (its own content-type parser,
 * scoped to this plugin) and each adapter verifies it before anything is read as truth.
 */
export function paymentWebhookRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

    for (const provider of ['stripe', 'paypal', 'payu']) {
      app.post(`/webhooks/${provider}`, {
        schema: { tags: ['webhooks'], summary: `${provider} notifications (signature verified)`, hide: false },
      }, async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
        const out = await handleNotification(ctx, provider, raw, req.headers);
        return reply.status(out.status).send({ received: out.status === 200, result: out.result });
      });
    }

    /** The explicit status check behind the buyer's order page: asks the provider, not the browser. */
    app.post('/api/v1/public/orders/:orderToken/refresh', {
      schema: { tags: ['public'], summary: "Check the order's payment with the provider now", params: z.object({ orderToken: z.string().min(20).max(200) }), response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await refreshOrderPayment(ctx, req.params.orderToken);
      return reply.status(204).send(null);
    });
  };
}
