import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, requireRole } from '../../http/auth.js';
import { findEvent } from '../events/events.repo.js';
import { listAuditLog } from './audit.service.js';

const Json = z.record(z.string(), z.unknown());
const AuditEntryOut = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  actor: z.object({ type: z.string().describe('member, buyer, system or provider'), id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() }),
  action: z.string().describe('the domain event, e.g. order.completed, ticket_type.updated'),
  target: z.object({ type: z.string(), id: z.string() }),
  before: Json.nullable(),
  after: Json.nullable(),
  details: Json,
  createdAt: z.string(),
});

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/audit-log', {
      schema: {
        tags: ['audit'],
        summary: 'Who did what: organiser actions and external changes, newest first',
        querystring: z.object({
          eventId: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z.string().min(1).max(64).optional().describe('nextBefore of the previous page, or an ISO instant'),
        }),
        response: { 200: z.object({ data: z.array(AuditEntryOut), nextBefore: z.string().nullable() }), ...errorResponses },
      },
    }, async (req) => {
      // Managers only: the log shows every member's actions and before/after values.
      const p = requireRole(req, ...MANAGERS);
      if (req.query.eventId) await findEvent(ctx.database.db, p.organizationId, req.query.eventId);
      return listAuditLog(ctx, p.organizationId, req.query);
    });
  };
}
