import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { members, organizations, users, authTokens, sessions } from '../../db/schema/index.js';
import { transaction } from '../../db/transaction.js';
import { AppError, conflict, forbidden, notFound } from '../../lib/errors.js';
import { assertSupportedCurrency } from '../../lib/money.js';
import { assertTimeZone } from '../../lib/time.js';
import { newId } from '../../lib/tokens.js';
import { issueToken, type Principal } from '../auth/auth.service.js';
import type { MemberCreate, OrganizationPatch } from './organizations.schema.js';
import { changedFields } from '../audit/audit-diff.js';

export async function getOrganization(ctx: AppContext, organizationId: string) {
  const [org] = await ctx.database.db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw notFound('Organisation');
  return org;
}

export async function getMe(ctx: AppContext, p: Principal) {
  const [row] = await ctx.database.db
    .select({ user: users, member: members, organization: organizations })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.id, p.memberId), eq(members.organizationId, p.organizationId)));
  if (!row) throw notFound('Member');
  return row;
}

export async function updateOrganization(ctx: AppContext, p: Principal, patch: z.infer<typeof OrganizationPatch>) {
  if (patch.defaultCurrency) assertSupportedCurrency('defaultCurrency', patch.defaultCurrency);
  if (patch.timeZone) assertTimeZone('timeZone', patch.timeZone);
  if (patch.feePercent !== undefined && p.role !== 'owner') throw forbidden('Only an owner can change the service fee');
  const { feePercent, ...rest } = patch;
  return transaction(ctx.database.pool, async (tx) => {
    const [before] = await tx.db.select().from(organizations).where(eq(organizations.id, p.organizationId)).for('update');
    const [org] = await tx.db
      .update(organizations)
      .set({ ...rest, ...(feePercent !== undefined ? { feeBasisPoints: feePercent === null ? null : Math.round(feePercent * 100) } : {}), updatedAt: new Date() })
      .where(eq(organizations.id, p.organizationId))
      .returning();
    const diff = changedFields(before!, org!);
    if (diff) await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'organization.updated', aggregateType: 'organization', aggregateId: p.organizationId, payload: { actorId: p.memberId, ...diff } });
    return org!;
  });
}

export async function listMembers(ctx: AppContext, organizationId: string) {
  const rows = await ctx.database.db
    .select({ member: members, user: users })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.organizationId, organizationId))
    .orderBy(members.createdAt);
  return rows.map(serializeMember);
}

export function serializeMember(r: { member: typeof members.$inferSelect; user: typeof users.$inferSelect }) {
  return {
    id: r.member.id,
    userId: r.user.id,
    email: r.user.email,
    name: r.user.name,
    role: r.member.role,
    status: (r.user.passwordHash ? 'active' : 'invited') as 'active' | 'invited',
    createdAt: r.member.createdAt.toISOString(),
  };
}

/**
 * Adds a person: an existing account joins at once; a new e-mail gets an account without a
 * password and an invitation token (set a password at /invite/<token>) valid for 7 days.
 */
export async function addMember(ctx: AppContext, p: Principal, input: z.infer<typeof MemberCreate>) {
  if (input.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can add another owner');
  return transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    let [user] = await db.select().from(users).where(eq(users.email, input.email));
    if (!user) {
      [user] = await db.insert(users).values({ id: newId('usr'), email: input.email, name: input.name ?? input.email.split('@')[0]! }).returning();
    }
    const dup = await db.select({ id: members.id }).from(members).where(and(eq(members.organizationId, p.organizationId), eq(members.userId, user!.id)));
    if (dup.length) throw conflict('already_member', `${input.email} is already a member of this organisation`, { fields: [{ field: 'email', message: 'already a member' }] });
    const [member] = await db.insert(members).values({ id: newId('mem'), organizationId: p.organizationId, userId: user!.id, role: input.role }).returning();
    const inviteToken = user!.passwordHash ? null : await issueToken(db, member!, 'invite');
    await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'member.added', aggregateType: 'member', aggregateId: member!.id, payload: { actorId: p.memberId, after: { email: user!.email, name: user!.name, role: member!.role } } });
    return {
      member: serializeMember({ member: member!, user: user! }),
      inviteUrl: inviteToken ? `${ctx.config.appUrl}/invite/${inviteToken}` : null,
    };
  });
}

async function loadMember(db: AppContext['database']['db'], organizationId: string, memberId: string) {
  const [row] = await db
    .select({ member: members, user: users })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.id, memberId), eq(members.organizationId, organizationId)));
  if (!row) throw notFound('Member');
  return row;
}

async function assertNotLastOwner(db: AppContext['database']['db'], organizationId: string, memberId: string) {
  const owners = await db.select({ id: members.id }).from(members).where(and(eq(members.organizationId, organizationId), eq(members.role, 'owner')));
  if (owners.length === 1 && owners[0]!.id === memberId) {
    throw new AppError('last_owner', 409, 'An organisation needs at least one owner; make someone else owner first');
  }
}

export async function updateMember(ctx: AppContext, p: Principal, memberId: string, role: 'owner' | 'admin' | 'staff') {
  return transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    const row = await loadMember(db, p.organizationId, memberId);
    if ((row.member.role === 'owner' || role === 'owner') && p.role !== 'owner') throw forbidden('Only an owner can change an owner');
    if (row.member.role === 'owner' && role !== 'owner') await assertNotLastOwner(db, p.organizationId, memberId);
    const [member] = await db.update(members).set({ role }).where(eq(members.id, memberId)).returning();
    if (row.member.role !== role) {
      await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'member.updated', aggregateType: 'member', aggregateId: memberId, payload: { actorId: p.memberId, email: row.user.email, before: { role: row.member.role }, after: { role } } });
    }
    return serializeMember({ member: member!, user: row.user });
  });
}

export async function removeMember(ctx: AppContext, p: Principal, memberId: string) {
  await transaction(ctx.database.pool, async (tx) => {
    const { db } = tx;
    const row = await loadMember(db, p.organizationId, memberId);
    if (row.member.role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can remove an owner');
    if (row.member.role === 'owner') await assertNotLastOwner(db, p.organizationId, memberId);
    const assigned = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.staffMemberId, memberId)).limit(1);
    if (assigned.length) throw new AppError('member_in_use', 409, 'This member is assigned to sessions; reassign them first');
    await db.delete(authTokens).where(eq(authTokens.memberId, memberId));
    await db.delete(members).where(eq(members.id, memberId));
    await ctx.outbox.emit(tx, { organizationId: p.organizationId, type: 'member.removed', aggregateType: 'member', aggregateId: memberId, payload: { actorId: p.memberId, before: { email: row.user.email, name: row.user.name, role: row.member.role } } });
  });
}
