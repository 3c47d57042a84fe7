// Registrant endpoints for meetings and webinars (reference/zoom.md "Registrants").
// Labels from the spec: add/get/delete LIGHT, list and status MEDIUM, batch HEAVY.
import { errors, validationError, ZoomError } from './errors.js';
import { paginate } from './http.js';
import { loadConference } from './conference-routes.js';
import {
  addRegistrant, addResponse, assertLicensedHost, assertNotOver, assertRegistrationEnabled, checkBatch,
  registrantBodySchema, registrantJoinUrl,
} from './registrants.js';
import { changeStatus, deleteRegistrant, listRegistrants, serializeRegistrant } from './registrant-status.js';
import type { RouteDef } from './routes.js';
import type { ConferenceKind } from './types.js';

function registrantRoutes(kind: ConferenceKind): RouteDef[] {
  const base = kind === 'meeting' ? '/meetings/{meetingId}' : '/webinars/{webinarId}';
  const read = `${kind}:read`;
  const write = `${kind}:write`;
  return [
    {
      method: 'GET', template: `${base}/registrants`, category: 'Medium', scope: [`${kind}:read:list_registrants`, read],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        assertRegistrationEnabled(rec, 'list');
        const status = ctx.query.get('status');
        const occurrenceId = ctx.query.get('occurrence_id');
        const items = listRegistrants(ctx.env, rec, status, occurrenceId);
        const { page, meta } = paginate(ctx.env, `registrants|${kind}|${rec.id}|${status}|${occurrenceId}`, items, ctx.query);
        return { status: 200, body: { ...meta, registrants: page.map((r) => serializeRegistrant(ctx.env, r)) } };
      },
    },
    {
      method: 'POST', template: `${base}/registrants`, category: 'Light', scope: [`${kind}:write:registrant`, write],
      handle(ctx) {
        // Add-registrant on a missing meeting answers 1001 (spec); webinars 3001.
        const rec = loadConference(ctx, kind, kind === 'meeting' ? errors.registrantMeetingNotFound : undefined);
        assertLicensedHost(ctx.env, rec);
        assertRegistrationEnabled(rec, 'add');
        assertNotOver(ctx.env, rec);
        const parsed = registrantBodySchema.safeParse(ctx.body ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        ctx.env.limits.consumeRegistration(rec.id, parsed.data.email);
        const { registrant } = addRegistrant(ctx.env, rec, {
          body: parsed.data, autoApprove: parsed.data.auto_approve, occurrenceIds: ctx.query.get('occurrence_ids'),
        });
        return { status: 201, body: addResponse(ctx.env, rec, registrant) };
      },
    },
    {
      method: 'POST', template: `${base}/batch_registrants`, category: 'Heavy', scope: [`${kind}:write:batch_registrants`, write],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        assertLicensedHost(ctx.env, rec);
        assertRegistrationEnabled(rec, 'batch');
        assertNotOver(ctx.env, rec);
        const data = checkBatch(ctx.env, rec, ctx.body);
        for (const r of data.registrants) ctx.env.limits.consumeRegistration(rec.id, r.email);
        const registrants = data.registrants.map((input) => {
          const { registrant } = addRegistrant(ctx.env, rec, { body: input, autoApprove: data.auto_approve, occurrenceIds: null });
          const join = registrantJoinUrl(ctx.env, registrant);
          return {
            email: registrant.email, registrant_id: registrant.id, ...(join ? { join_url: join } : {}),
            participant_pin_code: registrant.participant_pin_code,
          };
        });
        return { status: ctx.env.options.batchSuccessStatus, body: { registrants } };
      },
    },
    {
      method: 'PUT', template: `${base}/registrants/status`, category: 'Medium', scope: [`${kind}:update:registrant_status`, write],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        assertRegistrationEnabled(rec, 'status');
        changeStatus(ctx.env, rec, ctx.body, ctx.query.get('occurrence_id'), ctx.account.ownerId);
        return { status: 204 };
      },
    },
    {
      method: 'GET', template: `${base}/registrants/{registrantId}`, category: 'Light', scope: [`${kind}:read:registrant`, read],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        const r = ctx.env.state.registrants.get(ctx.params.registrantId);
        if (!r || r.kind !== kind || r.conferenceId !== rec.id) {
          throw new ZoomError(404, 3001, `Registrant does not exist: ${ctx.params.registrantId}.`);
        }
        return { status: 200, body: serializeRegistrant(ctx.env, r) };
      },
    },
    {
      method: 'DELETE', template: `${base}/registrants/{registrantId}`, category: 'Light', scope: [`${kind}:delete:registrant`, write],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        deleteRegistrant(ctx.env, rec, ctx.params.registrantId, ctx.query.get('occurrence_id'));
        return { status: 204 };
      },
    },
  ];
}

export const allRegistrantRoutes: RouteDef[] = [...registrantRoutes('meeting'), ...registrantRoutes('webinar')];
