// Users, meetings and webinars endpoints (reference/zoom.md "Users", "Meetings", "Webinars").
// Rate-limit labels and scopes per endpoint come from Zoom's Meetings OpenAPI spec.
import { errors, validationError } from './errors.js';
import { paginate } from './http.js';
import { conferenceBodySchema } from './conference-schema.js';
import {
  assertCanSchedule, createConference, deleteConference, effectiveStart, eventObject, serializeConference,
  summarizeConference, updateConference,
} from './conferences.js';
import { conferenceMap, findUser, type Env } from './state.js';
import type { RouteCtx, RouteDef } from './routes.js';
import type { ConferenceKind, ConferenceRecord, UserRecord } from './types.js';

const userView = (u: UserRecord) => ({
  id: u.id, first_name: u.first_name, last_name: u.last_name, display_name: u.display_name, email: u.email,
  type: u.type, pmi: u.pmi, timezone: u.timezone, verified: 1, dept: '', created_at: u.created_at,
  last_login_time: u.created_at, language: 'en-US', status: u.status, role_id: u.type === 2 ? '0' : '2',
  account_id: u.accountId,
});

function userOr404(ctx: RouteCtx): UserRecord {
  const user = findUser(ctx.env, ctx.account, ctx.params.userId);
  if (!user) throw errors.userNotFound(ctx.params.userId);
  return user;
}

/**
 * Finds a meeting/webinar of the caller's account. A webinar id on a meeting endpoint is 400/3000;
 * otherwise 404/3001 (or the endpoint's own not-found error, e.g. 1001 for add-registrant).
 */
export function loadConference(ctx: RouteCtx, kind: ConferenceKind, notFound?: (id: string) => Error): ConferenceRecord {
  const raw = kind === 'meeting' ? ctx.params.meetingId : ctx.params.webinarId;
  const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
  const rec = conferenceMap(ctx.env.state, kind).get(id);
  if (rec && rec.accountId === ctx.account.accountId) return rec;
  const other = conferenceMap(ctx.env.state, kind === 'meeting' ? 'webinar' : 'meeting').get(id);
  if (kind === 'meeting' && other && other.accountId === ctx.account.accountId) throw errors.webinarOnMeetingEndpoint();
  throw notFound ? notFound(raw) : kind === 'meeting' ? errors.meetingNotFound(raw) : errors.webinarNotFound(raw);
}

/** `type`: scheduled (all unexpired), upcoming / upcoming_meetings, previous_meetings, live (none). */
function listFilter(env: Env, type: string): (r: ConferenceRecord) => boolean {
  const now = env.now();
  const ended = (r: ConferenceRecord) => {
    const start = effectiveStart(env, r);
    return start !== undefined && Date.parse(start) + r.duration * 60_000 < now;
  };
  if (type === 'live') return () => false;
  if (type === 'upcoming' || type === 'upcoming_meetings') return (r) => !ended(r);
  if (type === 'previous_meetings') return ended;
  return () => true;
}

const emitFor = (env: Env, rec: ConferenceRecord, event: string, payload: Record<string, unknown>) =>
  env.emit({ event: `${rec.kind}.${event}`, accountId: rec.accountId, operatorId: env.state.accounts.get(rec.accountId)!.ownerId, payload });

function conferenceRoutes(kind: ConferenceKind): RouteDef[] {
  const plural = kind === 'meeting' ? 'meetings' : 'webinars';
  const idParam = kind === 'meeting' ? '{meetingId}' : '{webinarId}';
  const macroRead = `${kind}:read`;
  const macroWrite = `${kind}:write`;
  return [
    {
      method: 'GET', template: `/users/{userId}/${plural}`, category: 'Medium', scope: [`${kind}:read:list_${plural}`, macroRead],
      handle(ctx) {
        const user = userOr404(ctx);
        const type = ctx.query.get('type') ?? 'scheduled';
        const items = [...conferenceMap(ctx.env.state, kind).values()]
          .filter((r) => r.hostId === user.id).filter(listFilter(ctx.env, type))
          .sort((a, b) => (effectiveStart(ctx.env, a) ?? '').localeCompare(effectiveStart(ctx.env, b) ?? '') || a.id - b.id);
        const { page, meta } = paginate(ctx.env, `${plural}|${user.id}|${type}`, items, ctx.query);
        return { status: 200, body: { ...meta, [plural]: page.map((r) => summarizeConference(ctx.env, r)) } };
      },
    },
    {
      // Create meeting is MEDIUM, webinar CRUD is LIGHT (spec labels); both 100/host/day.
      method: 'POST', template: `/users/{userId}/${plural}`, category: kind === 'meeting' ? 'Medium' : 'Light',
      scope: [`${kind}:write:${kind}`, macroWrite],
      handle(ctx) {
        let host = userOr404(ctx);
        const parsed = conferenceBodySchema.safeParse(ctx.body ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        let key = ctx.params.userId;
        if (parsed.data.schedule_for) {
          const target = findUser(ctx.env, ctx.account, parsed.data.schedule_for);
          if (!target) throw errors.invalidScheduleFor();
          host = target;
          key = parsed.data.schedule_for;
        }
        assertCanSchedule(ctx.account, host, key);
        if (kind === 'webinar' && !host.webinarCapacity) throw errors.webinarPlanMissing();
        ctx.env.limits.consumeMeetingWrite(host.id, kind);
        const rec = createConference(ctx.env, ctx.account, host, kind, parsed.data);
        emitFor(ctx.env, rec, 'created', { object: serializeConference(ctx.env, rec) });
        return { status: 201, body: serializeConference(ctx.env, rec) };
      },
    },
    {
      method: 'GET', template: `/${plural}/${idParam}`, category: 'Light', scope: [`${kind}:read:${kind}`, macroRead],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        const body = serializeConference(ctx.env, rec, {
          occurrenceId: ctx.query.get('occurrence_id') ?? undefined,
          showPrevious: ctx.query.get('show_previous_occurrences') === 'true',
        });
        return { status: 200, body };
      },
    },
    {
      method: 'PATCH', template: `/${plural}/${idParam}`, category: 'Light', scope: [`${kind}:update:${kind}`, macroWrite],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        const parsed = conferenceBodySchema.safeParse(ctx.body ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        ctx.env.limits.consumeMeetingWrite(rec.hostId, kind);
        const { changed, old, scope } = updateConference(ctx.env, rec, parsed.data, ctx.query.get('occurrence_id') ?? undefined);
        if (Object.keys(changed).length) {
          const ids = { id: rec.id, uuid: rec.uuid };
          emitFor(ctx.env, rec, 'updated', { scope, object: { ...ids, ...changed }, old_object: { ...ids, ...old }, time_stamp: ctx.env.now() });
        }
        return { status: 204 };
      },
    },
    {
      method: 'DELETE', template: `/${plural}/${idParam}`, category: 'Light', scope: [`${kind}:delete:${kind}`, macroWrite],
      handle(ctx) {
        const rec = loadConference(ctx, kind);
        const occurrenceId = ctx.query.get('occurrence_id') ?? undefined;
        const object = eventObject(ctx.env, rec);
        const extra = deleteConference(ctx.env, rec, occurrenceId);
        emitFor(ctx.env, rec, 'deleted', { operation: occurrenceId ? 'single' : 'all', object: { ...object, ...extra } });
        return { status: 204 };
      },
    },
  ];
}

export const userAndConferenceRoutes: RouteDef[] = [
  {
    method: 'GET', template: '/users', category: 'Medium', scope: ['user:read:list_users', 'user:read'],
    handle(ctx) {
      const status = ctx.query.get('status') ?? 'active';
      const users = [...ctx.env.state.users.values()].filter((u) => u.accountId === ctx.account.accountId && u.status === status);
      const { page, meta } = paginate(ctx.env, `users|${ctx.account.accountId}|${status}`, users, ctx.query);
      return { status: 200, body: { ...meta, users: page.map(userView) } };
    },
  },
  {
    method: 'GET', template: '/users/{userId}', category: 'Light', scope: ['user:read:user', 'user:read'],
    handle: (ctx) => ({ status: 200, body: userView(userOr404(ctx)) }),
  },
  {
    // Users API "List user schedulers" (who holds scheduling privilege for this user). Not in
    // reference/zoom.md, so its scope is not among Foyer's defaults: calling it without granting
    // `user:read:list_schedulers:admin` gets 4711, as it would on a real app. Shape UNCONFIRMED.
    method: 'GET', template: '/users/{userId}/schedulers', category: 'Medium', scope: ['user:read:list_schedulers', 'user:read'],
    handle(ctx) {
      const user = userOr404(ctx);
      const schedulers = user.schedulers.map((id) => ctx.env.state.users.get(id)).filter((u): u is UserRecord => u !== undefined);
      return { status: 200, body: { schedulers: schedulers.map((u) => ({ id: u.id, email: u.email, pmi: u.pmi })) } };
    },
  },
  {
    // Users API "Get user settings": `feature.webinar_capacity` is the host's webinar licence
    // tier (100/500/1000/3000/5000/10000), which caps a webinar's registrants. Only the
    // `feature` part is modelled; field names from Zoom's Users API (UNCONFIRMED beyond these).
    method: 'GET', template: '/users/{userId}/settings', category: 'Medium', scope: ['user:read:settings', 'user:read'],
    handle(ctx) {
      const user = userOr404(ctx);
      return {
        status: 200,
        body: { feature: { meeting_capacity: user.type >= 2 ? 300 : 100, large_meeting: false, webinar: Boolean(user.webinarCapacity), webinar_capacity: user.webinarCapacity ?? 0 } },
      };
    },
  },
  ...conferenceRoutes('meeting'),
  ...conferenceRoutes('webinar'),
];
