import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses, ErrorOut } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { AccountIn, AccountOut, ConferenceIn, ConferenceOut, DriftOut, RegistrationsOut, ZoomConferenceOut, ZoomIntegrationIn, ZoomIntegrationOut, ZoomTestOut, ZoomUserOut } from './conferencing.schema.js';
import { findZoomCredentials, getConferencingAccount, providerFailure, putConferencingAccount, putZoomIntegration, serializeAccount, serializeZoomIntegration, zoomFor } from './accounts.service.js';
import { enableRegistration, listConferences, putConference, removeConference, serializeConference } from './conferences.service.js';
import { listRegistrations, retryRegistrations } from './registrations.service.js';
import { listDrift, reconcileConference, repairDrift } from './drift.service.js';
import { loadConference } from './sync.service.js';
import { AppError, notFound } from '../../lib/errors.js';
import { findEvent } from '../events/events.repo.js';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });
const errors = { ...errorResponses, 502: ErrorOut };

export function conferencingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // ---- Zoom connection (SPEC 3.2) ----
    app.put('/api/v1/integrations/zoom', {
      schema: { tags: ['conferencing'], summary: 'Store Zoom Server-to-Server OAuth credentials (encrypted; masked on read)', body: ZoomIntegrationIn, response: { 200: ZoomIntegrationOut, ...errors } },
    }, async (req) => putZoomIntegration(ctx, requireRole(req, ...MANAGERS), req.body));

    app.get('/api/v1/integrations/zoom', {
      schema: { tags: ['conferencing'], summary: 'Zoom connection (secrets masked)', response: { 200: ZoomIntegrationOut, ...errors } },
    }, async (req) => serializeZoomIntegration(await findZoomCredentials(ctx, principal(req).organizationId)));

    app.post('/api/v1/integrations/zoom/test', {
      schema: { tags: ['conferencing'], summary: "Test access: the token's user and missing granular scopes", response: { 200: ZoomTestOut, ...errors } },
    }, async (req) => {
      const { zoom } = await zoomFor(ctx, requireRole(req, ...MANAGERS).organizationId);
      try {
        return await zoom.testAccess();
      } catch (e) {
        return providerFailure(e);
      }
    });

    app.get('/api/v1/integrations/zoom/users', {
      schema: { tags: ['conferencing'], summary: "The Zoom account's active users (to pick visible hosts and the generating host)", response: { 200: z.object({ data: z.array(ZoomUserOut) }), ...errors } },
    }, async (req) => {
      const { zoom, secrets } = await zoomFor(ctx, principal(req).organizationId);
      try {
        const users = await zoom.listUsers();
        return {
          data: users.map((u) => ({
            id: u.id, email: u.email, name: u.display_name ?? `${u.first_name ?? ''} ${u.last_name ?? ''}`.trim(), type: u.type, licensed: u.type === 2, timeZone: u.timezone ?? null,
            visible: secrets.visibleHostIds.length ? secrets.visibleHostIds.includes(u.id) || secrets.visibleHostIds.includes(u.email) : false,
            generateHost: secrets.generateHostId === u.id || secrets.generateHostId === u.email,
          })),
        };
      } catch (e) {
        return providerFailure(e);
      }
    });

    app.get('/api/v1/integrations/zoom/meetings', {
      schema: {
        tags: ['conferencing'], summary: 'Scheduled meetings or webinars of the visible hosts, to link',
        querystring: z.object({ kind: z.enum(['meeting', 'webinar']).default('meeting'), hostId: z.string().min(1).max(200).optional() }),
        response: { 200: z.object({ data: z.array(ZoomConferenceOut) }), ...errors },
      },
    }, async (req) => {
      const { zoom, secrets } = await zoomFor(ctx, principal(req).organizationId);
      const hosts = req.query.hostId ? [req.query.hostId] : secrets.visibleHostIds.length ? secrets.visibleHostIds : ['me'];
      try {
        const data = [];
        for (const h of hosts) data.push(...(await zoom.listConferences(req.query.kind, h)).map((m) => ({ ...m, hostId: h })));
        return { data };
      } catch (e) {
        return providerFailure(e);
      }
    });

    // ---- Accounts (SPEC 3.6) ----
    app.put('/api/v1/conferencing/default', {
      schema: { tags: ['conferencing'], summary: "The organisation's default conferencing account", body: AccountIn, response: { 200: AccountOut, ...errors } },
    }, async (req) => putConferencingAccount(ctx, requireRole(req, ...MANAGERS), null, req.body));

    app.get('/api/v1/conferencing/default', {
      schema: { tags: ['conferencing'], summary: "The organisation's default conferencing account (Jitsi when none is set)", response: { 200: AccountOut, ...errors } },
    }, async (req) => serializeAccount(await getConferencingAccount(ctx, principal(req).organizationId, null)));

    app.put('/api/v1/members/:memberId/conferencing', {
      schema: { tags: ['conferencing'], summary: "A staff member's own account, used for their sessions/slots", params: z.object({ memberId: z.string().min(1).max(64) }), body: AccountIn, response: { 200: AccountOut, ...errors } },
    }, async (req) => putConferencingAccount(ctx, principal(req), req.params.memberId, req.body));

    // ---- Linking (SPEC 3.3) ----
    app.get('/api/v1/events/:eventId/conferences', {
      schema: { tags: ['conferencing'], summary: 'Conferences linked to the event and its sessions', params: EventParams, response: { 200: z.object({ data: z.array(ConferenceOut) }), ...errors } },
    }, async (req) => ({ data: (await listConferences(ctx, principal(req).organizationId, req.params.eventId)).map(serializeConference) }));

    app.put('/api/v1/events/:eventId/conference', {
      schema: {
        tags: ['conferencing'], summary: 'Link or generate the conference(s) of an event',
        description: 'layout single: one conference for every session (a recurring Zoom meeting for series/multi-day); per_session: one per day or slot. Existing attendees are registered at once.',
        params: EventParams, body: ConferenceIn, response: { 200: z.object({ data: z.array(ConferenceOut) }), ...errors },
      },
    }, async (req) => ({ data: (await putConference(ctx, principal(req), req.params.eventId, null, req.body)).map(serializeConference) }));

    app.put('/api/v1/events/:eventId/sessions/:sessionId/conference', {
      schema: { tags: ['conferencing'], summary: 'Link or generate the conference of one day, occurrence or slot', params: EventParams.extend({ sessionId: z.string().min(1).max(64) }), body: ConferenceIn, response: { 200: ConferenceOut, ...errors } },
    }, async (req) => serializeConference((await putConference(ctx, principal(req), req.params.eventId, req.params.sessionId, req.body))[0]!));

    app.delete('/api/v1/events/:eventId/conference', {
      schema: { tags: ['conferencing'], summary: 'Remove every conference of the event (registrations are cancelled; generated ones deleted)', params: EventParams, response: { 204: z.null(), ...errors } },
    }, async (req, reply) => {
      await removeConference(ctx, principal(req), req.params.eventId, null);
      return reply.status(204).send(null);
    });

    app.delete('/api/v1/events/:eventId/sessions/:sessionId/conference', {
      schema: { tags: ['conferencing'], summary: "Remove one session's link (staff: their own sessions)", params: EventParams.extend({ sessionId: z.string().min(1).max(64) }), response: { 204: z.null(), ...errors } },
    }, async (req, reply) => {
      await removeConference(ctx, principal(req), req.params.eventId, req.params.sessionId);
      return reply.status(204).send(null);
    });

    app.post('/api/v1/events/:eventId/conferences/:conferenceId/enable-registration', {
      schema: { tags: ['conferencing'], summary: 'One click: turn on registration with automatic approval on a linked conference', params: EventParams.extend({ conferenceId: z.string().min(1).max(64) }), response: { 200: ConferenceOut, ...errors } },
    }, async (req) => serializeConference(await enableRegistration(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.params.conferenceId)));

    // ---- Registrations (SPEC 3.4) ----
    app.get('/api/v1/events/:eventId/registrations', {
      schema: {
        tags: ['conferencing'], summary: 'Sync status per attendee × conference, with progress totals',
        params: EventParams, querystring: z.object({ status: z.enum(['pending', 'registered', 'cancel_pending', 'cancelled', 'failed']).optional(), conferenceId: z.string().max(64).optional() }),
        response: { 200: RegistrationsOut, ...errors },
      },
    }, async (req) => listRegistrations(ctx, principal(req).organizationId, req.params.eventId, req.query));

    app.post('/api/v1/events/:eventId/registrations/retry', {
      schema: { tags: ['conferencing'], summary: 'Retry failed registrations (all, or the given ids)', params: EventParams, body: z.object({ registrationIds: z.array(z.string().max(64)).max(10_000).optional() }).optional(), response: { 200: z.object({ retried: z.number() }), ...errors } },
    }, async (req) => retryRegistrations(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.body?.registrationIds));

    // ---- Drift (SPEC 3.4) ----
    app.get('/api/v1/events/:eventId/drift', {
      schema: { tags: ['conferencing'], summary: 'Changes made at the provider that differ from Foyer', params: EventParams, querystring: z.object({ status: z.enum(['open', 'repaired', 'dismissed']).optional() }), response: { 200: z.object({ data: z.array(DriftOut) }), ...errors } },
    }, async (req) => ({ data: await listDrift(ctx, principal(req).organizationId, req.params.eventId, req.query.status) }));

    app.post('/api/v1/events/:eventId/drift/repair', {
      schema: {
        tags: ['conferencing'], summary: 'Repair open drift (all, or the given ids)', params: EventParams, body: z.object({ driftIds: z.array(z.string().max(64)).max(1000).optional() }).optional(),
        response: { 200: z.object({ results: z.array(z.object({ id: z.string(), kind: z.string(), outcome: z.string(), message: z.string().optional() })) }), ...errors },
      },
    }, async (req) => repairDrift(ctx, requireRole(req, ...MANAGERS), req.params.eventId, req.body?.driftIds));

    app.post('/api/v1/events/:eventId/conferences/:conferenceId/reconcile', {
      schema: { tags: ['conferencing'], summary: "Compare Foyer's registrants with the provider's list now", params: EventParams.extend({ conferenceId: z.string().min(1).max(64) }), response: { 200: z.object({ missing: z.array(z.string()), unknown: z.array(z.string()) }), ...errors } },
    }, async (req) => {
      const p = requireRole(req, ...MANAGERS);
      await findEvent(ctx.database.db, p.organizationId, req.params.eventId);
      const c = await loadConference(ctx, req.params.conferenceId);
      if (!c || c.organization_id !== p.organizationId || c.event_id !== req.params.eventId) throw notFound('Conference');
      if (c.status !== 'active') throw new AppError('conference_inactive', 409, 'This conference is no longer active');
      try {
        return await reconcileConference(ctx, c);
      } catch (e) {
        return providerFailure(e);
      }
    });
  };
}
