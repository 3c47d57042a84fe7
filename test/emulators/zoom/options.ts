// Options of `startZoomEmulator`: seeded accounts and users, rate limits, webhook target, fault
// rules, and switches for behaviours reference/zoom.md marks UNCONFIRMED.
import type { Plan, RateCategory } from './types.js';

export interface UserSeed {
  id?: string;
  email: string;
  first_name?: string;
  last_name?: string;
  /** 1 basic, 2 licensed. Registration and batch registration need a licensed host. */
  type?: number;
  status?: 'active' | 'inactive' | 'pending';
  timezone?: string;
  /** Webinar add-on tier (100/500/1000/3000/5000/10000); absent = no webinar licence. */
  webinarCapacity?: number;
  /** Users (id or e-mail) this user granted "scheduling privilege" to (Settings > Meeting > Other). */
  schedulers?: string[];
  /** Zoom's 3161 "Meeting hosting and scheduling capabilities are not allowed for your user account." */
  hostingDisabled?: boolean;
}

export interface AccountSeed {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Granted granular scopes; default: every scope Foyer needs (reference/zoom.md). */
  scopes?: string[];
  plan?: Plan;
  users?: UserSeed[];
  /** E-mail of the user who owns the S2S app ("the credentials' user"); default the first user. */
  ownerEmail?: string;
  /** Seed 000: the credentials' user needs scheduling privilege to schedule for another host. */
  requireSchedulePrivilege?: boolean;
  /** Whether `me` resolves to the owner for this S2S app (UNCONFIRMED in the reference). */
  meSupported?: boolean;
  /** Registrants per meeting; Zoom's spec says at most 4,999. Lower it to test capacity. */
  meetingRegistrantLimit?: number;
}

export type FaultRule = {
  /** HTTP method; any when absent. */
  method?: string;
  /**
   * Which requests: a route template (`/meetings/{meetingId}/registrants`), a glob over the
   * actual path with or without `/v2` (`/meetings/*\/registrants`, `**` = any depth), or a RegExp.
   */
  path?: string | RegExp;
  /** How many matching requests get the fault (default: all until cleared). */
  times?: number;
  /** Let the first N matching requests through untouched. */
  skip?: number;
} & (
  | { kind: 'error'; status?: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate-limit'; limitType?: 'QPS' | 'Daily-limit'; retryAfter?: number | string | null; category?: RateCategory }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  /** The request takes effect but the response never arrives (a timed-out create that succeeded). */
  | { kind: 'commit-then-hang' }
  | { kind: 'commit-then-reset' }
);

export interface RateLimitOptions {
  enabled?: boolean;
  /** Per account, per second, by category; defaults by plan (Pro 30/20/10, Business+ 80/60/40). */
  perSecond?: Partial<Record<RateCategory, number>>;
  /** Daily quota shared by Heavy (and Resource-intensive) APIs: Pro 30,000, Business+ 60,000. */
  heavyDaily?: number;
  /** Meeting/webinar create+update per host user per UTC day (Zoom: 100). */
  meetingWritesPerUserPerDay?: number;
  /** Adds of one e-mail to one meeting per UTC day (Zoom spec: 3). */
  registrationsPerEmailPerDay?: number;
  /** Send `Retry-After: <seconds>` on per-second 429s (Zoom may omit it). Default true. */
  qpsRetryAfter?: boolean;
  /** Send `X-RateLimit-Reset` (Unix seconds) on per-second 429s. Default true. */
  qpsResetHeader?: boolean;
  /** Send `Retry-After: <ISO next 00:00 UTC>` on daily-limit 429s (some per-user ones carry none). */
  dailyRetryAfter?: boolean;
}

export interface WebhookTarget {
  url: string;
  secretToken: string;
  /** Events to auto-send on state changes; default all that the emulator produces. */
  events?: string[];
  /** Unit of `x-zm-request-timestamp` (the reference leaves it open); default seconds. */
  timestampUnit?: 's' | 'ms';
}

export interface ZoomEmulatorOptions {
  port?: number;
  accounts?: AccountSeed[];
  rateLimits?: RateLimitOptions;
  /** Auto-send signed webhooks when state changes through the API or `portal` helpers. */
  webhook?: WebhookTarget;
  /** `expires_in` of tokens; Zoom's spec says 3599. */
  tokenTtlSeconds?: number;
  /** `api_url` returned with tokens (default: the emulator's own URL). */
  apiUrl?: string;
  /** HTTP status for missing scopes (code 4711); the spec says "usually 400". */
  missingScopeStatus?: number;
  /** Issuing a token revokes the account's older ones (older Zoom behaviour; default false). */
  invalidatePreviousTokens?: boolean;
  /** Re-adding an active e-mail: return the existing registrant (reference) or fail. */
  duplicateRegistrant?: 'return-existing' | 'error';
  /** How cancelled registrants show in lists: under `denied` (default) or not at all. */
  cancelledRegistrantsListedAs?: 'denied' | 'hidden';
  /** Batch registration success status; the spec shows both 200 and 201. */
  batchSuccessStatus?: 200 | 201;
  /** Keep at most this many request-log entries (default 10,000). */
  requestLogLimit?: number;
  /** Clock; defaults to Date.now. `advanceTime` shifts it. */
  now?: () => number;
}
