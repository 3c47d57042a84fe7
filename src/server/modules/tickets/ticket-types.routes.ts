import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { TicketTypeOut } from '../events/events.schema.js';
import { serializeTicketType } from '../events/events.serialize.js';
import { findEvent, listTicketTypes } from '../events/events.repo.js';
import { TicketTypeCreate, TicketTypePatch } from './ticket-types.schema.js';
import { createTicketType, updateTicketType } from './ticket-types.service.js';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });

export function ticketTypeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/events/:eventId/ticket-types', {
      schema: { tags: ['ticket-types'], summary: 'Ticket types with sold counts', params: EventParams, response: { 200: z.object({ data: z.array(TicketTypeOut) }), ...errorResponses } },
    }, async (req) => {
      const p = principal(req);
      await findEvent(ctx.database.db, p.organizationId, req.params.eventId);
      return { data: (await listTicketTypes(ctx.database.db, p.organizationId, req.params.eventId)).map(serializeTicketType) };
    });

    app.post('/api/v1/events/:eventId/ticket-types', {
      schema: {
        tags: ['ticket-types'],
        summary: 'Add a ticket type',
        description: 'price in minor units; 0 = free; paid prices between 1 and the currency maximum (SPEC 2). One currency per event.',
        params: EventParams,
        body: TicketTypeCreate,
        response: { 201: TicketTypeOut, ...errorResponses },
      },
    }, async (req, reply) => reply.status(201).send(serializeTicketType(await createTicketType(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.body))));

    app.patch('/api/v1/events/:eventId/ticket-types/:ticketTypeId', {
      schema: {
        tags: ['ticket-types'],
        summary: 'Change a ticket type; a new price applies to new orders only',
        params: EventParams.extend({ ticketTypeId: z.string().min(1).max(64) }),
        body: TicketTypePatch,
        response: { 200: TicketTypeOut, ...errorResponses },
      },
    }, async (req) => serializeTicketType(await updateTicketType(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.params.ticketTypeId, req.body)));
  };
}
