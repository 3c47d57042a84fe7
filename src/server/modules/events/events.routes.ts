import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { EventCancel, EventCreate, EventDetailOut, EventOut, EventPatch, SessionIn, SessionOut } from './events.schema.js';
import { cancelEvent, createEvent, deleteEvent, getEventDetail, listEvents, publishEvent, updateEvent } from './events.service.js';
import { addSession, removeSession, updateSession } from './sessions.service.js';
import { serializeEvent, serializeSession, serializeTicketType } from './events.serialize.js';
import { listActiveSessions } from './events.repo.js';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });
const SessionParams = EventParams.extend({ sessionId: z.string().min(1).max(64) });

export function eventRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const detail = async (organizationId: string, eventId: string) => {
      const d = await getEventDetail(ctx, organizationId, eventId);
      return { ...serializeEvent(ctx, d.event), sessions: d.sessions.map(serializeSession), ticketTypes: d.ticketTypes.map(serializeTicketType) };
    };

    app.get('/api/v1/events', {
      schema: {
        tags: ['events'],
        summary: 'Events of the organisation, newest first',
        querystring: z.object({ status: z.enum(['draft', 'published', 'cancelled']).optional() }),
        response: { 200: z.object({ data: z.array(EventOut) }), ...errorResponses },
      },
    }, async (req) => ({ data: (await listEvents(ctx, principal(req).organizationId, req.query)).map((e) => serializeEvent(ctx, e)) }));

    app.post('/api/v1/events', {
      schema: {
        tags: ['events'],
        summary: 'Create an event (single, multi_day, series or bookable)',
        description: 'multi_day without sessions: one session per day from startsAt to endsAt. series: a recurrenceRule (RFC 5545, needs COUNT or UNTIL) or an explicit sessions list.',
        body: EventCreate,
        response: { 201: EventDetailOut, ...errorResponses },
      },
    }, async (req, reply) => {
      const p = requireRole(req, ...MANAGERS);
      const event = await createEvent(ctx, p, req.body);
      return reply.status(201).send(await detail(p.organizationId, event.id));
    });

    app.get('/api/v1/events/:eventId', {
      schema: { tags: ['events'], summary: 'One event with sessions and ticket types', params: EventParams, response: { 200: EventDetailOut, ...errorResponses } },
    }, async (req) => detail(principal(req).organizationId, req.params.eventId));

    app.patch('/api/v1/events/:eventId', {
      schema: { tags: ['events'], summary: 'Change an event; title/time changes reach conferences and attendees', params: EventParams, body: EventPatch, response: { 200: EventDetailOut, ...errorResponses } },
    }, async (req) => {
      const p = requireRole(req, ...MANAGERS);
      await updateEvent(ctx, p, req.params.eventId, req.body);
      return detail(p.organizationId, req.params.eventId);
    });

    app.delete('/api/v1/events/:eventId', {
      schema: { tags: ['events'], summary: 'Delete a draft without orders', params: EventParams, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await deleteEvent(ctx, requireRole(req, ...MANAGERS), req.params.eventId);
      return reply.status(204).send(null);
    });

    app.post('/api/v1/events/:eventId/publish', {
      schema: { tags: ['events'], summary: 'Put the event on sale', params: EventParams, response: { 200: EventOut, ...errorResponses } },
    }, async (req) => serializeEvent(ctx, await publishEvent(ctx, requireRole(req, ...MANAGERS), req.params.eventId)));

    app.post('/api/v1/events/:eventId/cancel', {
      schema: { tags: ['events'], summary: 'Cancel the event and its orders (optionally refunding everyone)', params: EventParams, body: EventCancel, response: { 200: EventOut, ...errorResponses } },
    }, async (req) => serializeEvent(ctx, await cancelEvent(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.body ?? { refund: false })));

    app.get('/api/v1/events/:eventId/sessions', {
      schema: { tags: ['sessions'], summary: 'Days, occurrences or slots', params: EventParams, response: { 200: z.object({ data: z.array(SessionOut) }), ...errorResponses } },
    }, async (req) => {
      const p = principal(req);
      await getEventDetail(ctx, p.organizationId, req.params.eventId);
      return { data: (await listActiveSessions(ctx.database.db, p.organizationId, req.params.eventId)).map(serializeSession) };
    });

    app.post('/api/v1/events/:eventId/sessions', {
      schema: { tags: ['sessions'], summary: 'Add a day, occurrence or slot', params: EventParams, body: SessionIn, response: { 201: SessionOut, ...errorResponses } },
    }, async (req, reply) => reply.status(201).send(serializeSession(await addSession(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.body))));

    app.patch('/api/v1/events/:eventId/sessions/:sessionId', {
      schema: { tags: ['sessions'], summary: 'Move or resize a session', params: SessionParams, body: SessionIn.partial().strict(), response: { 200: SessionOut, ...errorResponses } },
    }, async (req) => serializeSession(await updateSession(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.params.sessionId, req.body)));

    app.delete('/api/v1/events/:eventId/sessions/:sessionId', {
      schema: { tags: ['sessions'], summary: 'Remove a session without bookings', params: SessionParams, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await removeSession(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.params.sessionId);
      return reply.status(204).send(null);
    });
  };
}
