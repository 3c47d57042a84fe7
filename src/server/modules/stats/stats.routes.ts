import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses, MoneyOut } from '../../http/schemas.js';
import { principal } from '../../http/auth.js';
import { eventStats } from './stats.service.js';

const StatsOut = z.object({
  eventId: z.string(),
  timeZone: z.string(),
  capacity: z.number().int().nullable(),
  reserved: z.number().int(),
  ticketTypes: z.array(z.object({ id: z.string(), name: z.string(), capacity: z.number().int().nullable(), sold: z.number().int(), pending: z.number().int(), remaining: z.number().int().nullable() })),
  orders: z.record(z.string(), z.number().int()).describe('count per order state, every state present'),
  revenue: z.array(z.object({ currency: z.string(), orders: z.number().int(), gross: MoneyOut, fee: MoneyOut, refunded: MoneyOut, net: MoneyOut })),
  salesPerDay: z.array(z.object({ date: z.string().describe('YYYY-MM-DD in the event time zone'), currency: z.string(), orders: z.number().int(), tickets: z.number().int(), gross: MoneyOut })),
  attendees: z.object({ active: z.number().int(), orders: z.number().int() }),
  registrations: z.object({ pending: z.number().int(), registered: z.number().int(), failed: z.number().int(), cancelPending: z.number().int(), cancelled: z.number().int() }).describe('conference registrations (attendee × conference) per sync state'),
});

export function statsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/events/:eventId/stats', {
      schema: { tags: ['events'], summary: 'Dashboard figures: sold/capacity, orders per state, revenue, sales per day, sync', params: z.object({ eventId: z.string().min(1).max(64) }), response: { 200: StatsOut, ...errorResponses } },
    }, async (req) => eventStats(ctx, principal(req).organizationId, req.params.eventId));
  };
}
