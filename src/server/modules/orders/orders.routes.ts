import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { AttendeeOut, OrderDetailOut, OrderOut, Reason, RefundIn } from './orders.schema.js';
import { getOrderDetail, listEventAttendees, listEventOrders } from './orders.service.js';
import { cancelAttendee, cancelOrder, confirmOrder, refundOrder, rejectOrder } from './order-actions.service.js';
import { ExportQuery, sendAttendeeCsv } from '../exports/exports.routes.js';
import { prefersCsv } from '../exports/attendee-export.service.js';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });
const OrderParams = z.object({ orderId: z.string().min(1).max(64) });

export function orderRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/events/:eventId/orders', {
      schema: { tags: ['orders'], summary: 'Orders of an event with payment status', params: EventParams, querystring: z.object({ status: z.string().optional() }), response: { 200: z.object({ data: z.array(OrderOut) }), ...errorResponses } },
    }, async (req) => ({ data: await listEventOrders(ctx, principal(req).organizationId, req.params.eventId, req.query.status) }));

    app.get('/api/v1/orders/:orderId', {
      schema: { tags: ['orders'], summary: 'One order with items, attendees, history and refunds', params: OrderParams, response: { 200: OrderDetailOut, ...errorResponses } },
    }, async (req) => getOrderDetail(ctx, principal(req).organizationId, req.params.orderId));

    const action = (path: string, summary: string, run: (orderId: string, body: { reason?: string }, req: Parameters<typeof requireRole>[0]) => Promise<unknown>) =>
      app.post(`/api/v1/orders/:orderId/${path}`, {
        schema: { tags: ['orders'], summary, params: OrderParams, body: Reason, response: { 200: OrderDetailOut, ...errorResponses } },
      }, async (req) => {
        const p = requireRole(req, ...MANAGERS);
        await run(req.params.orderId, req.body ?? {}, req);
        return getOrderDetail(ctx, p.organizationId, req.params.orderId);
      });

    action('confirm', 'Confirm a manual payment (on hold → completed)', (id, _b, req) => confirmOrder(ctx, principal(req), id));
    action('reject', 'Reject a manual payment (the buyer is told)', (id, b, req) => rejectOrder(ctx, principal(req), id, b.reason));
    action('cancel', 'Cancel the whole order and free its seats', (id, b, req) => cancelOrder(ctx, principal(req), id, b.reason));

    app.post('/api/v1/orders/:orderId/refund', {
      schema: { tags: ['orders'], summary: 'Refund all (default) or part of a paid order', params: OrderParams, body: RefundIn, response: { 200: OrderDetailOut, ...errorResponses } },
    }, async (req) => {
      const p = requireRole(req, ...MANAGERS);
      await refundOrder(ctx, p, req.params.orderId, req.body?.amount, req.body?.reason);
      return getOrderDetail(ctx, p.organizationId, req.params.orderId);
    });

    app.get('/api/v1/events/:eventId/attendees', {
      schema: {
        tags: ['attendees'],
        summary: 'Attendees of an event (JSON, or CSV with Accept: text/csv)',
        params: EventParams,
        querystring: ExportQuery,
        response: { 200: z.object({ data: z.array(AttendeeOut) }), ...errorResponses },
      },
    }, async (req, reply) => {
      if (prefersCsv(req.headers.accept)) return sendAttendeeCsv(ctx, reply, principal(req).organizationId, req.params.eventId, req.query);
      return { data: await listEventAttendees(ctx, principal(req).organizationId, req.params.eventId, { includeUnpaid: req.query.includeUnpaid === 'true' }) };
    });

    app.post('/api/v1/attendees/:attendeeId/cancel', {
      schema: { tags: ['attendees'], summary: 'Cancel one attendee of an order', params: z.object({ attendeeId: z.string().min(1).max(64) }), body: Reason, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await cancelAttendee(ctx, requireRole(req, ...MANAGERS), req.params.attendeeId, req.body?.reason);
      return reply.status(204).send(null);
    });
  };
}
