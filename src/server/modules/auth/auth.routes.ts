import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { Email, Name, errorResponses } from '../../http/schemas.js';
import { authHook, clearSessionCookies, principal, setSessionCookies } from '../../http/auth.js';
import { acceptInvite, login, revokeToken, signup, issueToken } from './auth.service.js';
import { getMe } from '../organizations/organizations.service.js';
import { OrganizationOut, serializeOrganization } from '../organizations/organizations.schema.js';

const Password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
const UserOut = z.object({ id: z.string(), email: z.string(), name: z.string() });
const userOut = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name });

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/v1/auth/signup', {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and its organisation',
        body: z.object({ email: Email, password: Password, name: Name(), organizationName: Name(120) }),
        response: { 201: z.object({ user: UserOut, organization: OrganizationOut, token: z.string() }), ...errorResponses },
      },
    }, async (req, reply) => {
      const r = await signup(ctx, req.body);
      const session = await issueToken(ctx.database.db, r.member, 'session');
      setSessionCookies(ctx, req, reply, session);
      return reply.status(201).send({ user: userOut(r.user), organization: serializeOrganization(r.organization, ctx), token: r.token });
    });

    app.post('/api/v1/auth/login', {
      schema: {
        tags: ['auth'],
        summary: 'Log in: sets the session cookie and returns a bearer token',
        body: z.object({ email: Email, password: z.string().min(1).max(200), organizationId: z.string().optional() }),
        response: { 200: z.object({ user: UserOut, organization: OrganizationOut, token: z.string() }), ...errorResponses },
      },
    }, async (req, reply) => {
      const r = await login(ctx, req.body);
      setSessionCookies(ctx, req, reply, r.session);
      const token = await issueToken(ctx.database.db, r.member, 'api', 'Login');
      return { user: userOut(r.user), organization: serializeOrganization(r.organization, ctx), token };
    });

    app.post('/api/v1/auth/accept-invite', {
      schema: {
        tags: ['auth'],
        summary: 'Set a password for an invited member',
        body: z.object({ token: z.string().min(10), password: Password, name: Name().optional() }),
        response: { 204: z.null(), ...errorResponses },
      },
    }, async (req, reply) => {
      await acceptInvite(ctx, req.body);
      return reply.status(204).send(null);
    });

    app.register(async (authed) => {
      authed.addHook('onRequest', authHook(ctx));
      authed.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post('/api/v1/auth/logout', {
        schema: { tags: ['auth'], summary: 'End the session (or revoke the bearer token used)', response: { 204: z.null(), ...errorResponses } },
      }, async (req, reply) => {
        await revokeToken(ctx, principal(req).tokenId);
        clearSessionCookies(reply);
        return reply.status(204).send(null);
      });
      authed.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().get('/api/v1/auth/me', {
        schema: {
          tags: ['auth'],
          summary: 'The current user, organisation and role',
          response: { 200: z.object({ user: UserOut, organization: OrganizationOut, member: z.object({ id: z.string(), role: z.string() }) }), ...errorResponses },
        },
      }, async (req) => {
        const me = await getMe(ctx, principal(req));
        return { user: userOut(me.user), organization: serializeOrganization(me.organization, ctx), member: { id: me.member.id, role: me.member.role } };
      });
    });
  };
}
