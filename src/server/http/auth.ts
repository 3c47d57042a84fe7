import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context.js';
import { authenticate, csrfFor, type Principal, type Role } from '../modules/auth/auth.service.js';
import { AppError, forbidden, unauthorized } from '../lib/errors.js';

export const SESSION_COOKIE = 'foyer_session';
export const CSRF_COOKIE = 'foyer_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the caller for organiser routes. Bearer tokens are for integrators; the UI uses
 * the httpOnly session cookie, and then every unsafe request must echo the CSRF token
 * (readable cookie → `x-csrf-token` header), which a cross-site form cannot do.
 */
export function authHook(ctx: AppContext) {
  return async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unauthorized('Authorization header must be "Bearer <token>"');
      req.principal = await authenticate(ctx, m[1]!, 'token');
      return;
    }
    const session = req.cookies[SESSION_COOKIE];
    if (!session) throw unauthorized();
    req.principal = await authenticate(ctx, session, 'session');
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !same(sent, csrfFor(ctx, session))) {
        throw new AppError('csrf_failed', 403, 'Missing or wrong x-csrf-token header; reload the page and try again');
      }
    }
  };
}

export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

/** Owners can do everything, admins all but owner-only actions, staff read and manage their own sessions. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): Principal {
  const p = principal(req);
  if (!roles.includes(p.role)) throw forbidden(`This needs the ${roles.join(' or ')} role; you are ${p.role}`);
  return p;
}

export const MANAGERS: Role[] = ['owner', 'admin'];

export function setSessionCookies(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, session: string): void {
  const secure = ctx.config.COOKIE_SECURE === 'auto' ? req.protocol === 'https' : ctx.config.COOKIE_SECURE === 'true';
  const maxAge = 30 * 86400;
  reply.setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge });
  reply.setCookie(CSRF_COOKIE, csrfFor(ctx, session), { httpOnly: false, sameSite: 'lax', secure, path: '/', maxAge });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export type App = FastifyInstance;
