import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses, MoneyOut } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { createPromoCode, listPromoCodes, PromoCodeCreate, PromoCodePatch, updatePromoCode } from './promo-codes.service.js';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });
const PromoCodeOut = z.object({
  id: z.string(),
  eventId: z.string(),
  code: z.string(),
  percentOff: z.number().nullable(),
  amountOff: MoneyOut.nullable(),
  maxUses: z.number().nullable(),
  usedCount: z.number(),
  remainingUses: z.number().nullable(),
  validUntil: z.string().nullable(),
  ticketTypeIds: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
});

export function promoCodeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/events/:eventId/promo-codes', {
      schema: { tags: ['promo-codes'], summary: 'Promo codes of an event with uses', params: EventParams, response: { 200: z.object({ data: z.array(PromoCodeOut) }), ...errorResponses } },
    }, async (req) => ({ data: await listPromoCodes(ctx, principal(req).organizationId, req.params.eventId) }));

    app.post('/api/v1/events/:eventId/promo-codes', {
      schema: {
        tags: ['promo-codes'],
        summary: 'Add a promo code',
        description: 'percentOff (1–100; 100 makes the order free) or amountOff in the event currency; optional maxUses, validUntil, ticketTypeIds.',
        params: EventParams,
        body: PromoCodeCreate,
        response: { 201: PromoCodeOut, ...errorResponses },
      },
    }, async (req, reply) => reply.status(201).send(await createPromoCode(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.body)));

    app.patch('/api/v1/events/:eventId/promo-codes/:promoCodeId', {
      schema: { tags: ['promo-codes'], summary: 'Change or deactivate a promo code', params: EventParams.extend({ promoCodeId: z.string().min(1).max(64) }), body: PromoCodePatch, response: { 200: PromoCodeOut, ...errorResponses } },
    }, async (req) => updatePromoCode(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.params.promoCodeId, req.body));
  };
}
