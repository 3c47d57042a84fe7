import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { notFound } from '../../lib/errors.js';
import { findEvent } from '../events/events.repo.js';
import { recordOrganiserAction } from '../audit/organiser-action.js';
import { loadBundle } from './attendee-bundle.js';
import { listEmails } from './emails.service.js';
import { resendToAttendees } from './notices.service.js';
import { RESEND_EVENT_JOB } from './notifications.jobs.js';
import { newId } from '../../lib/tokens.js';
import { rescheduleOrganizationReminders, scheduleReminders } from './reminders.js';
import { EmailOut, EmailsQuery, EventTemplateParams, PreviewIn, PreviewOut, ResendIn, ResendOut, TemplateKeyParam, TemplateOut, TemplatePut } from './notifications.schema.js';
import { deleteOverride, describeTemplate, previewTemplate, saveTemplate } from './templates.service.js';
import { TEMPLATE_KEYS } from './template-keys.js';

/** Organiser endpoints: templates (organisation and per event), the outgoing log, resends. */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/email-templates', {
      schema: { tags: ['notifications'], summary: "The organisation's e-mail templates (effective texts per locale)", response: { 200: z.object({ data: z.array(TemplateOut) }), ...errorResponses } },
    }, async (req) => ({ data: await Promise.all(TEMPLATE_KEYS.map((k) => describeTemplate(ctx, principal(req).organizationId, null, k))) }));

    app.get('/api/v1/email-templates/:key', {
      schema: { tags: ['notifications'], summary: 'One organisation template', params: TemplateKeyParam, response: { 200: TemplateOut, ...errorResponses } },
    }, async (req) => describeTemplate(ctx, principal(req).organizationId, null, req.params.key));

    app.put('/api/v1/email-templates/:key', {
      schema: {
        tags: ['notifications'],
        summary: 'Edit an organisation template',
        description: 'Liquid syntax ({{ event.title }}, {% if join.url %}...{% endif %}); invalid syntax is 422 naming the field with line and column. Empty or null text returns to the default.',
        params: TemplateKeyParam,
        body: TemplatePut,
        response: { 200: TemplateOut, ...errorResponses },
      },
    }, async (req) => {
      const p = requireRole(req, ...MANAGERS);
      const out = await saveTemplate(ctx, p, null, req.params.key, req.body);
      // New organisation-wide offsets apply to every upcoming published event at once.
      if (req.params.key === 'reminder') await rescheduleOrganizationReminders(ctx, p.organizationId);
      return out;
    });

    app.get('/api/v1/events/:eventId/email-templates/:key', {
      schema: { tags: ['notifications'], summary: "An event's template (its override over the organisation's)", params: EventTemplateParams, response: { 200: TemplateOut, ...errorResponses } },
    }, async (req) => describeTemplate(ctx, principal(req).organizationId, req.params.eventId, req.params.key));

    app.put('/api/v1/events/:eventId/email-templates/:key', {
      schema: { tags: ['notifications'], summary: "Override a template for one event", params: EventTemplateParams, body: TemplatePut, response: { 200: TemplateOut, ...errorResponses } },
    }, async (req) => {
      const p = requireRole(req, ...MANAGERS);
      const out = await saveTemplate(ctx, p, req.params.eventId, req.params.key, req.body);
      if (req.params.key === 'reminder') await scheduleReminders(ctx, await findEvent(ctx.database.db, p.organizationId, req.params.eventId));
      return out;
    });

    app.delete('/api/v1/events/:eventId/email-templates/:key', {
      schema: { tags: ['notifications'], summary: "Remove an event's override (back to the organisation's template)", params: EventTemplateParams, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await deleteOverride(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.params.key);
      return reply.status(204).send(null);
    });

    app.post('/api/v1/email-templates/preview', {
      schema: { tags: ['notifications'], summary: 'Render a template with sample data', body: PreviewIn, response: { 200: PreviewOut, ...errorResponses } },
    }, async (req) => previewTemplate(ctx, principal(req).organizationId, req.body));

    app.get('/api/v1/emails', {
      schema: { tags: ['notifications'], summary: "The organisation's outgoing e-mail log (the local mailbox when SMTP is not configured)", querystring: EmailsQuery, response: { 200: z.object({ data: z.array(EmailOut), nextCursor: z.string().nullable().describe('Pass as `before` for the next page; null on the last page') }), ...errorResponses } },
    }, async (req) => listEmails(ctx, principal(req).organizationId, req.query));

    app.post('/api/v1/attendees/:attendeeId/resend', {
      schema: { tags: ['attendees'], summary: "Resend an attendee's ticket or join e-mail", params: z.object({ attendeeId: z.string().min(1).max(64) }), body: ResendIn, response: { 202: ResendOut, ...errorResponses } },
    }, async (req, reply) => {
      const p = requireRole(req, ...MANAGERS);
      const bundle = await loadBundle(ctx.database.db, { attendeeId: req.params.attendeeId, organizationId: p.organizationId });
      if (!bundle) throw notFound('Attendee');
      const out = await resendToAttendees(ctx, p.organizationId, [req.params.attendeeId], req.body.kind);
      await recordOrganiserAction(ctx, p, { type: 'attendee.resent', aggregateType: 'attendee', aggregateId: req.params.attendeeId, eventId: bundle.event.id, details: { kind: req.body.kind, emails: out.emailIds.length, skipped: out.skipped } });
      return reply.status(202).send(out);
    });

    app.post('/api/v1/events/:eventId/resend', {
      schema: { tags: ['attendees'], summary: 'Resend the ticket or join e-mail to every attendee with a valid ticket', description: 'Runs in the background; `queued` is the number of attendees covered', params: z.object({ eventId: z.string().min(1).max(64) }), body: ResendIn, response: { 202: ResendOut.omit({ emailIds: true }), ...errorResponses } },
    }, async (req, reply) => {
      const p = requireRole(req, ...MANAGERS);
      await findEvent(ctx.database.db, p.organizationId, req.params.eventId);
      // Thousands of e-mails are composed in a job, not in the request.
      const n = await ctx.database.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM attendees a JOIN orders o ON o.id = a.order_id
         WHERE a.event_id = $1 AND a.organization_id = $2 AND a.status = 'active' AND o.status IN ('completed','partially_refunded')`,
        [req.params.eventId, p.organizationId],
      );
      await ctx.queue.send(RESEND_EVENT_JOB, { organizationId: p.organizationId, eventId: req.params.eventId, kind: req.body.kind }, { singletonKey: `resend:${newId('rs')}` });
      await recordOrganiserAction(ctx, p, { type: 'event.resent', aggregateType: 'event', aggregateId: req.params.eventId, eventId: req.params.eventId, details: { kind: req.body.kind, attendees: n.rows[0]!.n } });
      return reply.status(202).send({ queued: n.rows[0]!.n, skipped: 0 });
    });
  };
}
