import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../http/schemas.js';
import { principal } from '../../http/auth.js';
import { AppError, notFound } from '../../lib/errors.js';
import { AccountOut } from './conferencing.schema.js';
import { getConferencingAccount, serializeAccount } from './accounts.service.js';

/** Reads a staff member's own conferencing account (SPEC 3.6); the PUT lives in conferencing.routes.ts. */
export function memberAccountRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/members/:memberId/conferencing', {
      schema: {
        tags: ['conferencing'],
        summary: "A member's own conferencing account (implicit: none of their own, the organisation default applies)",
        params: z.object({ memberId: z.string().min(1).max(64) }),
        response: { 200: AccountOut, ...errorResponses },
      },
    }, async (req) => {
      const p = principal(req);
      const m = await ctx.database.pool.query(`SELECT 1 FROM members WHERE id = $1 AND organization_id = $2`, [req.params.memberId, p.organizationId]);
      if (!m.rowCount) throw notFound('Member');
      if (p.role === 'staff' && p.memberId !== req.params.memberId) throw new AppError('forbidden', 403, 'Staff may read only their own conferencing account');
      const account = await getConferencingAccount(ctx, p.organizationId, req.params.memberId);
      return { ...serializeAccount(account), memberId: req.params.memberId };
    });
  };
}
