import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { CredentialInputs, deleteCredentials, listIntegrations, saveCredentials } from './credentials.service.js';
import type { GatewayId } from '../../providers/payments/gateways.js';

const Integration = z.object({ provider: z.string(), configured: z.boolean(), settings: z.record(z.string(), z.string()), updatedAt: z.string().optional() });

/** Organiser side: payment credentials. Gross/fee/net per event are in GET /api/v1/events/{eventId}/stats (stats module). */
export function paymentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/integrations', {
      schema: { tags: ['integrations'], summary: 'Connected providers; secrets masked, never echoed', response: { 200: z.object({ data: z.array(Integration) }), ...errorResponses } },
    }, async (req) => ({ data: await listIntegrations(ctx, principal(req).organizationId) }));

    for (const provider of ['stripe', 'paypal', 'payu'] as GatewayId[]) {
      app.put(`/api/v1/integrations/${provider}`, {
        schema: {
          tags: ['integrations'],
          summary: `Connect ${provider}: checked against ${provider} before it is stored (encrypted)`,
          description: '422 provider_credentials_invalid when a key is wrong, provider_permission_missing when it lacks a permission.',
          body: CredentialInputs[provider],
          response: { 200: Integration, ...errorResponses },
        },
      }, async (req) => saveCredentials(ctx, requireRole(req, ...MANAGERS), provider, req.body as Record<string, string>));

      app.delete(`/api/v1/integrations/${provider}`, {
        schema: { tags: ['integrations'], summary: `Disconnect ${provider}`, response: { 204: z.null(), ...errorResponses } },
      }, async (req, reply) => {
        await deleteCredentials(ctx, requireRole(req, ...MANAGERS), provider);
        return reply.status(204).send(null);
      });
    }

  };
}
