import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { CheckoutIn, CheckoutOut } from '../orders/checkout.schema.js';
import { placeOrder } from '../orders/checkout.service.js';
import { publicEventView, publicOrderView, publicTicketView } from './public-events.service.js';
import { calendarByToken } from '../notifications/ticket-page.js';
import { notFound } from '../../lib/errors.js';
import { promoQuoteRoutes } from './promo-quote.routes.js';

const Token = z.string().min(20).max(200);

/** Buyer-facing endpoints: no login; orders and tickets are reached by unguessable tokens. */
export function publicRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(promoQuoteRoutes(ctx));
    app.get('/api/v1/public/events/:slug', {
      schema: { tags: ['public'], summary: 'A published event with sessions, ticket types and remaining seats', params: z.object({ slug: z.string().min(1).max(100) }), response: { 200: z.looseObject({}), ...errorResponses } },
    }, async (req) => publicEventView(ctx, req.params.slug));

    app.post('/api/v1/public/events/:slug/orders', {
      schema: {
        tags: ['public'],
        summary: 'Place an order',
        description: 'attendees: one entry per ticket in item order (omit for a single ticket for the buyer). 409 sold_out / duplicate_registrant, 422 invalid input.',
        params: z.object({ slug: z.string().min(1).max(100) }),
        body: CheckoutIn,
        response: { 201: CheckoutOut, ...errorResponses },
      },
    }, async (req, reply) => reply.status(201).send(await placeOrder(ctx, req.params.slug, req.body, { customerIp: req.ip })));

    app.get('/api/v1/public/orders/:orderToken', {
      schema: { tags: ['public'], summary: "The buyer's order and its tickets", params: z.object({ orderToken: Token }), response: { 200: z.looseObject({}), ...errorResponses } },
    }, async (req) => publicOrderView(ctx, req.params.orderToken));

    app.get('/api/v1/public/tickets/:ticketToken', {
      schema: {
        tags: ['public'],
        summary: "One attendee's ticket",
        description: 'Sessions in the viewer\'s zone (`?tz=America/New_York`, default the event zone) with the event zone named; join link(s) and passcode while valid unless hidden; conference details when shown; QR code (SVG and data URL) for in-person/hybrid; calendar link.',
        params: z.object({ ticketToken: Token }),
        querystring: z.object({ tz: z.string().max(64).optional() }),
        response: { 200: z.looseObject({}), ...errorResponses },
      },
    }, async (req) => publicTicketView(ctx, req.params.ticketToken, { viewerTimeZone: req.query.tz }));

    app.get('/api/v1/public/tickets/:ticketToken/calendar.ics', {
      schema: { tags: ['public'], summary: "The attendee's calendar (ICS): every session, stable UIDs, SEQUENCE = event version, reminders", params: z.object({ ticketToken: Token }), response: { 200: z.string(), ...errorResponses } },
    }, async (req, reply) => {
      const cal = await calendarByToken(ctx, req.params.ticketToken);
      if (!cal) throw notFound('Ticket');
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${cal.filename}"`).header('cache-control', 'no-store').send(cal.ics);
    });
  };
}
