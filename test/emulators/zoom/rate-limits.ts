// Zoom's rate limits (https://developers.zoom.us/docs/api/rate-limits/, reference/zoom.md):
// per account and per endpoint category per second (Pro 30/20/10, Business+ 80/60/40 for
// Light/Medium/Heavy), a daily quota shared by Heavy APIs (Pro 30,000 / Business+ 60,000),
// meeting/webinar create+update 100 per host per day, and one e-mail added to one meeting at
// most 3 times a day (Meetings spec). Over a limit: 429 `{code: 429, message}` with
// X-RateLimit-Category / -Type (QPS | Daily-limit) / -Limit / -Remaining and Retry-After —
// seconds on per-second limits, an ISO date-time (next 00:00 UTC) on daily ones.
import { ZoomError } from './errors.js';
import type { AccountRecord, Plan, RateCategory, RateLimitOptions } from './types.js';

const PER_SECOND: Record<Plan, Record<RateCategory, number>> = {
  pro: { Light: 30, Medium: 20, Heavy: 10 },
  business: { Light: 80, Medium: 60, Heavy: 40 },
};
const HEAVY_DAILY: Record<Plan, number> = { pro: 30_000, business: 60_000 };

// Messages as reported on Zoom's developer forum (devforum.zoom.us/t/18928).
const QPS_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';

const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const nextUtcMidnight = (ms: number): string => {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly daily = new Map<string, number>();

  constructor(private readonly opts: RateLimitOptions, private readonly now: () => number) {}

  get enabled(): boolean {
    return this.opts.enabled ?? true;
  }

  private perSecond(plan: Plan, category: RateCategory): number {
    return this.opts.perSecond?.[category] ?? PER_SECOND[plan][category];
  }

  /**
   * Per-second check (sliding one-second window, so bursts are deterministic in tests) and
   * the Heavy daily quota. Returns the headers Zoom puts on answered requests too.
   */
  check(account: AccountRecord, category: RateCategory): Record<string, string> {
    const limit = this.perSecond(account.plan, category);
    if (!this.enabled) return { 'X-RateLimit-Category': category, 'X-RateLimit-Limit': String(limit) };
    const t = this.now();
    const key = `${account.accountId}|${category}`;
    const hits = (this.windows.get(key) ?? []).filter((h) => h > t - 1000);
    if (hits.length >= limit) {
      const headers: Record<string, string> = {
        'X-RateLimit-Category': category, 'X-RateLimit-Type': 'QPS',
        'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0',
      };
      const resetMs = hits[0] + 1000;
      if (this.opts.qpsRetryAfter ?? true) headers['Retry-After'] = String(Math.max(1, Math.ceil((resetMs - t) / 1000)));
      if (this.opts.qpsResetHeader ?? true) headers['X-RateLimit-Reset'] = String(Math.ceil(resetMs / 1000));
      this.windows.set(key, hits);
      throw new ZoomError(429, 429, QPS_MESSAGE, headers);
    }
    hits.push(t);
    this.windows.set(key, hits);
    if (category === 'Heavy') {
      const dailyLimit = this.opts.heavyDaily ?? HEAVY_DAILY[account.plan];
      this.consumeDaily(`heavy|${account.accountId}`, dailyLimit, category,
        `You have exceeded the daily rate limit (${dailyLimit}) of Heavy API requests permitted for this account. You may resume these requests at GMT 00:00:00.`);
    }
    return { 'X-RateLimit-Category': category, 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(limit - hits.length) };
  }

  /** Meeting/webinar create and update: 100 per host user per day (spec, meetingCreate/meetingUpdate). */
  consumeMeetingWrite(hostId: string, kind: 'meeting' | 'webinar'): void {
    if (!this.enabled) return;
    const limit = this.opts.meetingWritesPerUserPerDay ?? 100;
    const label = kind === 'meeting' ? 'Meeting' : 'Webinar';
    this.consumeDaily(`writes|${hostId}`, limit, 'Light',
      `You have exceeded the daily rate limit (${limit}) of ${label} Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`);
  }

  /** One e-mail added to one meeting at most 3 times a day (spec; exact message UNCONFIRMED). */
  consumeRegistration(conferenceId: number, email: string): void {
    if (!this.enabled) return;
    const limit = this.opts.registrationsPerEmailPerDay ?? 3;
    this.consumeDaily(`reg|${conferenceId}|${email.toLowerCase()}`, limit, 'Light',
      `You have exceeded the daily rate limit (${limit}) of registration requests for this registrant (${email}) on this meeting. You may resume these requests at GMT 00:00:00.`);
  }

  private consumeDaily(scope: string, limit: number, category: RateCategory, message: string): void {
    const t = this.now();
    const key = `${dayKey(t)}|${scope}`;
    const used = this.daily.get(key) ?? 0;
    if (used >= limit) {
      const headers: Record<string, string> = {
        'X-RateLimit-Category': category, 'X-RateLimit-Type': 'Daily-limit',
        'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0',
      };
      if (this.opts.dailyRetryAfter ?? true) headers['Retry-After'] = nextUtcMidnight(t);
      throw new ZoomError(429, 429, message, headers);
    }
    this.daily.set(key, used + 1);
  }
}

/** A 429 for fault injection ("429 storms"), shaped like the real ones above. */
export function injected429(opts: { limitType?: 'QPS' | 'Daily-limit'; retryAfter?: number | string | null; category?: RateCategory }, now: number): ZoomError {
  const type = opts.limitType ?? 'QPS';
  const headers: Record<string, string> = {
    'X-RateLimit-Category': opts.category ?? 'Light', 'X-RateLimit-Type': type,
    'X-RateLimit-Limit': type === 'QPS' ? '30' : '30000', 'X-RateLimit-Remaining': '0',
  };
  const retryAfter = opts.retryAfter === undefined ? (type === 'QPS' ? 1 : nextUtcMidnight(now)) : opts.retryAfter;
  if (retryAfter !== null) headers['Retry-After'] = String(retryAfter);
  const message = type === 'QPS' ? QPS_MESSAGE : 'You have exceeded the daily rate limit for this API. You may resume these requests at GMT 00:00:00.';
  return new ZoomError(429, 429, message, headers);
}
