import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { invalid } from '../../lib/errors.js';
import { attendeeCsv } from './attendee-export.service.js';
import { getImport, startImport } from './attendee-import.service.js';
import { ImportJsonBody } from './import-csv.parse.js';
import { findEvent } from '../events/events.repo.js';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });
export const ExportQuery = z.object({
  includeUnpaid: z.enum(['true', 'false']).optional().describe('also attendees of orders awaiting payment or on hold'),
  includeBilling: z.enum(['true', 'false']).optional().describe('CSV only: one column per billing field'),
});
const ImportOut = z.object({
  importId: z.string(),
  eventId: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  ordersCreated: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** Shared by the `.csv` path and the JSON route's `Accept: text/csv` negotiation. */
export async function sendAttendeeCsv(ctx: AppContext, reply: FastifyReply, organizationId: string, eventId: string, q: z.infer<typeof ExportQuery>) {
  const { stream, filename } = await attendeeCsv(ctx, organizationId, eventId, { includeUnpaid: q.includeUnpaid === 'true', includeBilling: q.includeBilling === 'true' });
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
}

export function exportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Raw bytes, not a string: the import must see undecodable bytes to report bad encodings.
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get('/api/v1/events/:eventId/attendees.csv', {
      schema: {
        tags: ['attendees'],
        summary: 'Attendees as CSV (UTF-8 with BOM), streamed',
        params: EventParams,
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV, one row per attendee'), ...errorResponses },
      },
    }, async (req, reply) => sendAttendeeCsv(ctx, reply, principal(req).organizationId, req.params.eventId, req.query));

    app.post('/api/v1/events/:eventId/attendees/import', {
      schema: {
        tags: ['attendees'],
        summary: 'Import attendees from CSV (all lines valid, or nothing is imported)',
        description: 'Body: the file as `text/csv` (UTF-8), or JSON `{ "csv": "..." }`. Columns: first name, last name, e-mail, ticket type (name or id), optional order group (same group = one order, first line the buyer), optional session start (bookable events). 201 when imported at once, 202 when queued (large files; poll GET /api/v1/imports/{importId}); 422 lists every problem with line and field.',
        params: EventParams,
        response: { 201: ImportOut, 202: ImportOut, ...errorResponses },
      },
    }, async (req, reply) => {
      const p = requireRole(req, ...MANAGERS);
      // Another organisation's event is a 404 whatever the body is.
      await findEvent(ctx.database.db, p.organizationId, req.params.eventId);
      let upload: Buffer | string;
      if (Buffer.isBuffer(req.body)) upload = req.body;
      else {
        const json = ImportJsonBody.safeParse(req.body);
        if (!json.success) throw invalid('csv', 'send the file as a text/csv body or as JSON {"csv": "..."}');
        upload = json.data.csv;
      }
      const result = await startImport(ctx, p, req.params.eventId, upload);
      return reply.status(result.status === 'completed' ? 201 : 202).send(result);
    });

    app.get('/api/v1/imports/:importId', {
      schema: { tags: ['attendees'], summary: 'Progress and problems of an attendee import', params: z.object({ importId: z.string().min(1).max(64) }), response: { 200: ImportOut, ...errorResponses } },
    }, async (req) => getImport(ctx, principal(req).organizationId, req.params.importId));
  };
}
