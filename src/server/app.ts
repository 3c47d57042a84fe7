import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { installErrorHandler } from './http/error-handler.js';
import { authHook } from './http/auth.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { organizationRoutes } from './modules/organizations/organizations.routes.js';
import { eventRoutes } from './modules/events/events.routes.js';
import { ticketTypeRoutes } from './modules/tickets/ticket-types.routes.js';
import { orderRoutes } from './modules/orders/orders.routes.js';
import { conferencingRoutes } from './modules/conferencing/conferencing.routes.js';
import { memberAccountRoutes } from './modules/conferencing/member-account.routes.js';
import { zoomWebhookRoutes } from './modules/conferencing/webhooks.js';
import { exportRoutes } from './modules/exports/exports.routes.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { paymentRoutes } from './modules/payments/payments.routes.js';
import { paymentWebhookRoutes } from './modules/payments/webhooks.routes.js';
import { promoCodeRoutes } from './modules/promo-codes/promo-codes.routes.js';
import { opsRoutes } from './modules/ops/ops.routes.js';

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Builds the HTTP app without listening, so tests can inject requests or listen on port 0. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    trustProxy: true,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  // Route table kept for tests that must cover every route (tenant isolation).
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  (app as unknown as Record<symbol, unknown>)[Symbol.for('foyer.routes')] = routes;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const serveWeb = ctx.config.SERVE_WEB && fs.existsSync(path.join(webRoot, 'index.html'));
  installErrorHandler(app, { spaFallback: serveWeb });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Foyer REST API', version: '1.0.0', description: 'Tickets, conferences and join links for online and hybrid events.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(opsRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(publicRoutes(ctx));
  // Zoom webhooks: outside the organiser scope, raw body for the signature (scoped parser).
  await app.register(zoomWebhookRoutes(ctx));
  // Provider notifications keep their raw body (scoped parser) and verify signatures themselves.
  await app.register(paymentWebhookRoutes(ctx));
  // Everything below acts for one organisation and needs a token or session.
  await app.register(async (organiser) => {
    organiser.addHook('onRequest', authHook(ctx));
    await organiser.register(organizationRoutes(ctx));
    await organiser.register(eventRoutes(ctx));
    await organiser.register(ticketTypeRoutes(ctx));
    await organiser.register(orderRoutes(ctx));
    await organiser.register(conferencingRoutes(ctx));
    await organiser.register(memberAccountRoutes(ctx));
    await organiser.register(paymentRoutes(ctx));
    await organiser.register(promoCodeRoutes(ctx));
    await organiser.register(notificationRoutes(ctx));
    await organiser.register(exportRoutes(ctx));
    await organiser.register(statsRoutes(ctx));
    await organiser.register(auditRoutes(ctx));
  });

  if (serveWeb) {
    // Hashed asset names never change content: cache them for a year; index.html is revalidated.
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (reply, file) => reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  return app;
}
