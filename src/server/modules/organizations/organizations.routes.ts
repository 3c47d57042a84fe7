import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses, IdParam } from '../../http/schemas.js';
import { MANAGERS, principal, requireRole } from '../../http/auth.js';
import { MemberCreate, MemberOut, MemberPatch, OrganizationOut, OrganizationPatch, serializeOrganization } from './organizations.schema.js';
import { addMember, getOrganization, listMembers, removeMember, updateMember, updateOrganization } from './organizations.service.js';

export function organizationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/organization', {
      schema: { tags: ['organization'], summary: 'Organisation settings', response: { 200: OrganizationOut, ...errorResponses } },
    }, async (req) => serializeOrganization(await getOrganization(ctx, principal(req).organizationId), ctx));

    app.patch('/api/v1/organization', {
      schema: { tags: ['organization'], summary: 'Change settings (currency, time zone, locale, sender, fee)', body: OrganizationPatch, response: { 200: OrganizationOut, ...errorResponses } },
    }, async (req) => serializeOrganization(await updateOrganization(ctx, requireRole(req, ...MANAGERS), req.body), ctx));

    app.get('/api/v1/members', {
      schema: { tags: ['members'], summary: 'People and roles', response: { 200: z.object({ data: z.array(MemberOut) }), ...errorResponses } },
    }, async (req) => ({ data: await listMembers(ctx, principal(req).organizationId) }));

    app.post('/api/v1/members', {
      schema: {
        tags: ['members'],
        summary: 'Add a member; a new e-mail gets an invitation link',
        body: MemberCreate,
        response: { 201: z.object({ member: MemberOut, inviteUrl: z.string().nullable() }), ...errorResponses },
      },
    }, async (req, reply) => reply.status(201).send(await addMember(ctx, requireRole(req, ...MANAGERS), req.body)));

    app.patch('/api/v1/members/:memberId', {
      schema: { tags: ['members'], summary: 'Change a role', params: IdParam('memberId'), body: MemberPatch, response: { 200: MemberOut, ...errorResponses } },
    }, async (req) => updateMember(ctx, requireRole(req, ...MANAGERS), req.params.memberId as string, req.body.role));

    app.delete('/api/v1/members/:memberId', {
      schema: { tags: ['members'], summary: 'Remove a member', params: IdParam('memberId'), response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await removeMember(ctx, requireRole(req, ...MANAGERS), req.params.memberId as string);
      return reply.status(204).send(null);
    });
  };
}
