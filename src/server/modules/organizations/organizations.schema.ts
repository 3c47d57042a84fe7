import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { organizations } from '../../db/schema/index.js';
import { Currency, Locale } from '../../http/schemas.js';

export const OrganizationOut = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  defaultCurrency: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  senderName: z.string().nullable(),
  replyTo: z.string().nullable(),
  feePercent: z.number().describe('Service fee in percent; the installation default applies when not set'),
});

export const OrganizationPatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    defaultCurrency: Currency,
    timeZone: z.string().min(1),
    locale: Locale,
    senderName: z.string().trim().max(100).nullable(),
    replyTo: z.string().trim().email('must be a valid e-mail address').nullable(),
    feePercent: z.number().min(0, 'must be between 0 and 50').max(50, 'must be between 0 and 50').nullable(),
  })
  .partial()
  .strict();

type OrgRow = typeof organizations.$inferSelect;

export function serializeOrganization(o: OrgRow, ctx: AppContext): z.infer<typeof OrganizationOut> {
  return {
    id: o.id,
    name: o.name,
    slug: o.slug,
    defaultCurrency: o.defaultCurrency,
    timeZone: o.timeZone,
    locale: o.locale,
    senderName: o.senderName,
    replyTo: o.replyTo,
    feePercent: o.feeBasisPoints === null ? ctx.config.FEE_PERCENT : o.feeBasisPoints / 100,
  };
}

export const MemberOut = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'staff']),
  status: z.enum(['active', 'invited']),
  createdAt: z.string(),
});

export const MemberCreate = z.object({
  email: z.string().trim().email('must be a valid e-mail address').transform((s) => s.toLowerCase()),
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(['owner', 'admin', 'staff']),
});

export const MemberPatch = z.object({ role: z.enum(['owner', 'admin', 'staff']) }).strict();
