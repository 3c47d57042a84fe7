import { pgTable, text, integer, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  defaultCurrency: text('default_currency').notNull().default('EUR'),
  timeZone: text('time_zone').notNull().default('UTC'),
  locale: text('locale').notNull().default('en'),
  senderName: text('sender_name'),
  replyTo: text('reply_to'),
  /** Service fee in basis points (1 % = 100) so it stays an integer. Null → installation default. */
  feeBasisPoints: integer('fee_basis_points'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** Null until an invited member sets a password. */
  passwordHash: text('password_hash'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    userId: text('user_id').notNull().references(() => users.id),
    role: text('role', { enum: ['owner', 'admin', 'staff'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('members_org_user').on(t.organizationId, t.userId), index('members_user').on(t.userId)],
);

/** Bearer API tokens and UI sessions; only a SHA-256 of the secret is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    memberId: text('member_id').notNull().references(() => members.id),
    kind: text('kind', { enum: ['api', 'session', 'invite'] }).notNull(),
    name: text('name'),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_tokens_member').on(t.memberId)],
);

/** Encrypted provider credentials (Zoom, Stripe, ...); `secret` is AES-256-GCM ciphertext. */
export const credentials = pgTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    memberId: text('member_id').references(() => members.id),
    provider: text('provider').notNull(),
    /** Non-secret settings (account id, client id, chosen hosts, ...). */
    config: text('config').notNull().default('{}'),
    secret: text('secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('credentials_org_provider').on(t.organizationId, t.provider)],
);
