// The emulator's in-memory model and its environment (clock, options, event sink).
// Everything a test may want to assert on lives in `ZoomState`, exposed as `emulator.state`.
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type {
  AccountRecord, AccountSeed, ConferenceKind, ConferenceRecord, FaultRule, RegistrantRecord,
  RequestLogEntry, TokenRecord, UserRecord, WebhookDelivery, WebhookTarget, ZoomEmulatorOptions,
} from './types.js';
import type { RateLimiter } from './rate-limits.js';

/** Every granular scope Foyer needs (reference/zoom.md; seed 000 + seed 001's delete). */
export const FOYER_SCOPES: readonly string[] = [
  'meeting:read:list_meetings:admin', 'meeting:read:list_registrants:admin', 'meeting:read:meeting:admin',
  'meeting:update:meeting:admin', 'meeting:update:registrant_status:admin', 'meeting:write:meeting:admin',
  'meeting:write:registrant:admin', 'meeting:delete:meeting:admin', 'meeting:write:batch_registrants:admin',
  'webinar:read:list_webinars:admin', 'webinar:read:list_registrants:admin', 'webinar:read:webinar:admin',
  'webinar:update:webinar:admin', 'webinar:update:registrant_status:admin', 'webinar:write:webinar:admin',
  'webinar:write:registrant:admin', 'webinar:delete:webinar:admin', 'webinar:write:batch_registrants:admin',
  'user:read:list_users:admin', 'user:read:user:admin', 'user:read:settings:admin',
];

/** The account used when a test passes none: an owner plus hosts covering the privilege cases. */
export const DEFAULT_ACCOUNT: AccountSeed = {
  accountId: 'emu-account-id',
  clientId: 'emu-client-id',
  clientSecret: 'emu-client-secret',
  plan: 'pro',
  users: [
    { id: 'owner-user-id', email: 'owner@example.com', first_name: 'Olga', last_name: 'Owner', type: 2, webinarCapacity: 1000, timezone: 'Europe/Warsaw' },
    { id: 'host-user-id', email: 'host@example.com', first_name: 'Hana', last_name: 'Host', type: 2, webinarCapacity: 500, schedulers: ['owner@example.com'] },
    { id: 'basic-user-id', email: 'basic@example.com', first_name: 'Bruno', last_name: 'Basic', type: 1, schedulers: ['owner@example.com'] },
    { id: 'noprivilege-user-id', email: 'noprivilege@example.com', first_name: 'Nina', last_name: 'Private', type: 2 },
    { id: 'inactive-user-id', email: 'inactive@example.com', first_name: 'Igor', last_name: 'Inactive', type: 2, status: 'inactive' },
  ],
};

const userSeedSchema = z.object({
  id: z.string().optional(), email: z.email(), first_name: z.string().optional(), last_name: z.string().optional(),
  type: z.number().int().optional(), status: z.enum(['active', 'inactive', 'pending']).optional(),
  timezone: z.string().optional(), webinarCapacity: z.number().int().positive().optional(),
  schedulers: z.array(z.string()).optional(), hostingDisabled: z.boolean().optional(),
});
const accountSeedSchema = z.object({
  accountId: z.string().min(1), clientId: z.string().min(1), clientSecret: z.string().min(1),
  scopes: z.array(z.string()).optional(), plan: z.enum(['pro', 'business']).optional(),
  users: z.array(userSeedSchema).min(1).optional(), ownerEmail: z.email().optional(),
  requireSchedulePrivilege: z.boolean().optional(), meSupported: z.boolean().optional(),
  meetingRegistrantLimit: z.number().int().positive().optional(),
});

export interface ZoomState {
  accounts: Map<string, AccountRecord>;
  users: Map<string, UserRecord>;
  meetings: Map<number, ConferenceRecord>;
  webinars: Map<number, ConferenceRecord>;
  registrants: Map<string, RegistrantRecord>;
  /** Deleted meetings/webinars, newest last, for assertions after DELETE. */
  deleted: ConferenceRecord[];
  tokens: Map<string, TokenRecord>;
  /** Attempts per endpoint template, e.g. `POST /meetings/{meetingId}/registrants` → 3. */
  calls: Map<string, number>;
  requestLog: RequestLogEntry[];
  webhookDeliveries: WebhookDelivery[];
  faults: Array<{ id: string; rule: FaultRule; seen: number; applied: number }>;
  pageCursors: Map<string, { key: string; offset: number; expiresAt: number }>;
  nextConferenceId: number;
}

export interface ZoomEvent {
  event: string;
  accountId: string;
  /** User who made the change (the app owner for API calls). */
  operatorId: string;
  payload: Record<string, unknown>;
}

export type ResolvedOptions = Required<Omit<ZoomEmulatorOptions, 'accounts' | 'rateLimits' | 'webhook' | 'apiUrl' | 'port' | 'now'>> & {
  apiUrl?: string;
};

/** What handlers get: the model, the clock, options, limits and the webhook sink. */
export interface Env {
  state: ZoomState;
  options: ResolvedOptions;
  limits: RateLimiter;
  now(): number;
  baseUrl(): string;
  emit(event: ZoomEvent): void;
  webhookTarget: WebhookTarget | null;
}

export const zoomTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const randomId = (): string => randomBytes(16).toString('base64url');
export const randomUuid = (): string => randomBytes(16).toString('base64');
export const randomPassword = (): string => randomBytes(6).toString('base64url').slice(0, 8);
export const randomPin = (): number => randomInt(100000, 999999);

export function createState(seeds: AccountSeed[], now: number): ZoomState {
  const state: ZoomState = {
    accounts: new Map(), users: new Map(), meetings: new Map(), webinars: new Map(), registrants: new Map(),
    deleted: [], tokens: new Map(), calls: new Map(), requestLog: [], webhookDeliveries: [], faults: [],
    pageCursors: new Map(), nextConferenceId: 81_000_000_000 + randomInt(0, 9_000_000) * 100,
  };
  for (const raw of seeds) addAccount(state, accountSeedSchema.parse(raw), now);
  return state;
}

function addAccount(state: ZoomState, seed: AccountSeed, now: number): void {
  const users = (seed.users ?? DEFAULT_ACCOUNT.users!).map((u): UserRecord => ({
    id: u.id ?? randomId(), accountId: seed.accountId, email: u.email.toLowerCase(),
    first_name: u.first_name ?? '', last_name: u.last_name ?? '',
    display_name: `${u.first_name ?? ''} ${u.last_name ?? ''}`.trim(), type: u.type ?? 2,
    status: u.status ?? 'active', timezone: u.timezone ?? 'UTC', pmi: randomInt(1_000_000_000, 9_999_999_999),
    created_at: zoomTime(now), webinarCapacity: u.webinarCapacity, schedulers: [], hostingDisabled: u.hostingDisabled ?? false,
  }));
  const byKey = (key: string) => users.find((u) => u.id === key || u.email === key.toLowerCase());
  (seed.users ?? DEFAULT_ACCOUNT.users!).forEach((u, i) => {
    users[i].schedulers = (u.schedulers ?? []).map((k) => byKey(k)?.id ?? k);
  });
  const owner = seed.ownerEmail ? byKey(seed.ownerEmail) : users[0];
  if (!owner) throw new Error(`ownerEmail ${seed.ownerEmail} is not one of the account's users`);
  for (const u of users) state.users.set(u.id, u);
  state.accounts.set(seed.accountId, {
    accountId: seed.accountId, clientId: seed.clientId, clientSecret: seed.clientSecret,
    scopes: [...(seed.scopes ?? FOYER_SCOPES)], plan: seed.plan ?? 'pro', ownerId: owner.id,
    requireSchedulePrivilege: seed.requireSchedulePrivilege ?? true, meSupported: seed.meSupported ?? true,
    meetingRegistrantLimit: seed.meetingRegistrantLimit ?? 4999,
  });
}

/** `userId` path values accept an id, an e-mail, or `me` (the app owner, when supported). */
export function findUser(env: Env, account: AccountRecord, key: string): UserRecord | undefined {
  if (key === 'me') return account.meSupported ? env.state.users.get(account.ownerId) : undefined;
  const lower = key.toLowerCase();
  for (const u of env.state.users.values()) {
    if (u.accountId === account.accountId && (u.id === key || u.email === lower)) return u;
  }
  return undefined;
}

export function conferenceMap(state: ZoomState, kind: ConferenceKind): Map<number, ConferenceRecord> {
  return kind === 'meeting' ? state.meetings : state.webinars;
}
