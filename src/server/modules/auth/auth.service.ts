import { createHmac } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { authTokens, members, organizations, users } from '../../db/schema/index.js';
import { transaction } from '../../db/transaction.js';
import { AppError, conflict, unauthorized } from '../../lib/errors.js';
import { hashToken, newId, newSecretToken } from '../../lib/tokens.js';
import { uniqueSlug } from '../../lib/slug.js';
import { hashPassword, verifyPassword } from './passwords.js';

export type Role = 'owner' | 'admin' | 'staff';

/** Who is calling: resolved from a bearer token or the session cookie, always bound to one organisation. */
export interface Principal {
  userId: string;
  memberId: string;
  organizationId: string;
  role: Role;
  via: 'token' | 'session';
  tokenId: string;
}

const SESSION_DAYS = 30;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function signup(ctx: AppContext, input: { email: string; password: string; name: string; organizationName: string }) {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return transaction(ctx.database.pool, async ({ db }) => {
    const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing.length) throw conflict('email_taken', 'An account with this e-mail already exists; log in instead', { fields: [{ field: 'email', message: 'already registered' }] });
    const [user] = await db.insert(users).values({ id: newId('usr'), email, name: input.name.trim(), passwordHash }).returning();
    const [organization] = await db
      .insert(organizations)
      .values({ id: newId('org'), name: input.organizationName.trim(), slug: uniqueSlug(input.organizationName) })
      .returning();
    const [member] = await db.insert(members).values({ id: newId('mem'), organizationId: organization!.id, userId: user!.id, role: 'owner' }).returning();
    const token = await issueToken(db, member!, 'api', 'Created at sign-up');
    return { user: user!, organization: organization!, member: member!, token };
  });
}

export async function login(ctx: AppContext, input: { email: string; password: string; organizationId?: string }) {
  const email = normalizeEmail(input.email);
  const { db } = ctx.database;
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok) throw new AppError('invalid_credentials', 401, 'E-mail or password is incorrect');
  const memberships = await db
    .select({ member: members, organization: organizations })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.userId, user.id))
    .orderBy(members.createdAt);
  const chosen = input.organizationId ? memberships.find((m) => m.organization.id === input.organizationId) : memberships[0];
  if (!chosen) throw new AppError('no_membership', 403, 'This account is not a member of that organisation');
  const session = await issueToken(db, chosen.member, 'session');
  return { user, organization: chosen.organization, member: chosen.member, session };
}

type Executor = AppContext['database']['db'];

export async function issueToken(db: Executor, member: { id: string; organizationId: string }, kind: 'api' | 'session' | 'invite', name?: string) {
  const prefix = kind === 'api' ? 'fyr_' : kind === 'invite' ? 'inv_' : '';
  const secret = newSecretToken(prefix);
  const expiresAt = kind === 'session' ? new Date(Date.now() + SESSION_DAYS * 86400_000) : kind === 'invite' ? new Date(Date.now() + 7 * 86400_000) : null;
  await db.insert(authTokens).values({
    id: newId('tok'),
    organizationId: member.organizationId,
    memberId: member.id,
    kind,
    name: name ?? null,
    tokenHash: hashToken(secret),
    expiresAt,
  });
  return secret;
}

export async function authenticate(ctx: AppContext, secret: string, via: 'token' | 'session'): Promise<Principal> {
  const kind = via === 'token' ? 'api' : 'session';
  const rows = await ctx.database.db
    .select({ token: authTokens, member: members })
    .from(authTokens)
    .innerJoin(members, eq(members.id, authTokens.memberId))
    .where(and(eq(authTokens.tokenHash, hashToken(secret)), eq(authTokens.kind, kind), isNull(authTokens.revokedAt)));
  const row = rows[0];
  if (!row || (row.token.expiresAt && row.token.expiresAt < new Date())) {
    throw unauthorized(via === 'session' ? 'Your session has expired; log in again' : 'The bearer token is invalid or revoked');
  }
  return {
    userId: row.member.userId,
    memberId: row.member.id,
    organizationId: row.member.organizationId,
    role: row.member.role,
    via,
    tokenId: row.token.id,
  };
}

export async function revokeToken(ctx: AppContext, tokenId: string): Promise<void> {
  await ctx.database.db.update(authTokens).set({ revokedAt: new Date() }).where(eq(authTokens.id, tokenId));
}

/** CSRF token bound to the session secret, so it cannot be planted by another site. */
export function csrfFor(ctx: AppContext, sessionSecret: string): string {
  return createHmac('sha256', ctx.appSecret).update('csrf:' + sessionSecret).digest('base64url');
}

export async function acceptInvite(ctx: AppContext, input: { token: string; password: string; name?: string }) {
  const passwordHash = await hashPassword(input.password);
  return transaction(ctx.database.pool, async ({ db }) => {
    const rows = await db
      .select({ token: authTokens, member: members })
      .from(authTokens)
      .innerJoin(members, eq(members.id, authTokens.memberId))
      .where(and(eq(authTokens.tokenHash, hashToken(input.token)), eq(authTokens.kind, 'invite'), isNull(authTokens.revokedAt)));
    const row = rows[0];
    if (!row || (row.token.expiresAt && row.token.expiresAt < new Date())) {
      throw new AppError('invalid_invite', 410, 'This invitation is invalid or has expired; ask for a new one');
    }
    await db
      .update(users)
      .set({ passwordHash, ...(input.name ? { name: input.name } : {}) })
      .where(eq(users.id, row.member.userId));
    await db.update(authTokens).set({ revokedAt: new Date() }).where(eq(authTokens.id, row.token.id));
    return { memberId: row.member.id };
  });
}
