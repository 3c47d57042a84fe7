import { z } from 'zod';
import { ConferenceGone, ProviderError, type ConferenceInfo, type ConferenceKind, type ConferenceRef, type ConferenceSpec, type ConferencingProvider, type ProviderRegistrant, type RegistrantIn } from '../port.js';
import { ZoomApiError, ZoomClient, missingScopes, type ZoomCredentials } from './zoom-client.js';

// Shapes from Zoom's Meetings API (reference/zoom.md; rivet MeetingsCreateMeetingResponse etc.).
const Conference = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  host_id: z.string().optional(),
  host_email: z.string().optional(),
  topic: z.string().optional().default(''),
  type: z.number(),
  start_time: z.string().optional(),
  duration: z.number().optional(),
  timezone: z.string().optional(),
  join_url: z.string(),
  start_url: z.string().optional(),
  password: z.string().optional(),
  settings: z.object({ approval_type: z.number().optional(), registrants_restrict_number: z.number().optional() }).passthrough().optional(),
  occurrences: z.array(z.object({ occurrence_id: z.string(), start_time: z.string().optional(), duration: z.number().optional(), status: z.string().optional() })).optional(),
}).passthrough();
const ListItem = z.object({ id: z.union([z.number(), z.string()]).transform(String), topic: z.string().optional().default(''), type: z.number(), start_time: z.string().optional(), duration: z.number().optional(), timezone: z.string().optional(), join_url: z.string().optional() }).passthrough();
const Registrant = z.object({ registrant_id: z.string().optional(), id: z.union([z.number(), z.string()]).optional(), join_url: z.string().optional() }).passthrough();
const Batch = z.object({ registrants: z.array(z.object({ email: z.string(), registrant_id: z.string(), join_url: z.string().optional() }).passthrough()) });
const RegistrantList = z.object({ registrants: z.array(z.object({ id: z.string(), email: z.string(), status: z.string().optional(), join_url: z.string().optional() }).passthrough()), next_page_token: z.string().optional() });
const User = z.object({ id: z.string(), email: z.string(), first_name: z.string().optional(), last_name: z.string().optional(), display_name: z.string().optional(), type: z.number(), status: z.string().optional(), timezone: z.string().optional() }).passthrough();
const UserList = z.object({ users: z.array(User), next_page_token: z.string().optional() });
// Users API "Get user settings" (GET /users/{userId}/settings): the webinar licence tier.
const UserSettings = z.object({ feature: z.object({ webinar: z.boolean().optional(), webinar_capacity: z.number().optional() }).passthrough().optional() }).passthrough();

/** Zoom takes at most 4,999 registrants per meeting (Meetings API spec, reference/zoom.md). */
export const MEETING_REGISTRANT_LIMIT = 4999;

export type ZoomUser = z.infer<typeof User>;

const plural = (k: ConferenceKind) => (k === 'webinar' ? 'webinars' : 'meetings');
const zoomTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Foyer's camelCase settings (SPEC 3.3) → Zoom's; unknown snake_case keys pass through. */
export function zoomSettings(kind: ConferenceKind, s: Record<string, unknown> = {}): Record<string, unknown> {
  const map: Record<string, string> = {
    waitingRoom: 'waiting_room', joinBeforeHost: 'join_before_host', participantVideo: 'participant_video', muteUponEntry: 'mute_upon_entry',
    allowMultipleDevices: 'allow_multiple_devices', panelistsVideo: 'panelists_video', onDemand: 'on_demand', practiceSession: 'practice_session',
    autoRecording: 'auto_recording', registrantsRestrictNumber: 'registrants_restrict_number', hostVideo: 'host_video',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'registrationRequired' || k === 'questionAndAnswer' || k === 'joinLinkSender') continue;
    out[map[k] ?? k] = v;
  }
  if (kind === 'webinar') {
    delete out.waiting_room;
    delete out.join_before_host;
    if (s.questionAndAnswer !== undefined) out.question_and_answer = { enable: Boolean(s.questionAndAnswer) };
  }
  // Foyer registers attendees itself: automatic approval unless the organiser turned it off.
  out.approval_type = s.registrationRequired === false ? 2 : 0;
  out.registrants_confirmation_email = s.joinLinkSender === 'zoom';
  return out;
}

/** Daily/weekly recurrence when the occurrences are evenly spaced at the same time; else null. */
function recurrenceFor(occ: { startsAt: Date }[]): Record<string, unknown> | null {
  if (occ.length < 2) return null;
  const step = occ[1]!.startsAt.getTime() - occ[0]!.startsAt.getTime();
  const day = 86_400_000;
  if (step <= 0 || step % day !== 0) return null;
  for (let i = 2; i < occ.length; i++) if (occ[i]!.startsAt.getTime() - occ[i - 1]!.startsAt.getTime() !== step) return null;
  const days = step / day;
  if (days <= 90) return { type: 1, repeat_interval: days, end_times: occ.length };
  return null;
}

function toInfo(kind: ConferenceKind, c: z.infer<typeof Conference>): ConferenceInfo {
  return {
    externalId: c.id,
    kind,
    joinUrl: c.join_url,
    startUrl: c.start_url ?? null,
    passcode: c.password ?? null,
    hostId: c.host_id ?? null,
    hostEmail: c.host_email?.toLowerCase() ?? null,
    topic: c.topic,
    startsAt: c.start_time ?? null,
    durationMinutes: c.duration ?? null,
    recurring: [3, 8, 6, 9].includes(c.type),
    registrationEnabled: c.settings?.approval_type === 0,
    batchAllowed: c.type === 2 || c.type === 5,
    registrantLimit: c.settings?.registrants_restrict_number || null,
  };
}

export interface ZoomProvider extends ConferencingProvider {
  testAccess(): Promise<{ ok: boolean; user: { id: string; email: string; name: string } | null; missingScopes: string[] }>;
  listUsers(): Promise<ZoomUser[]>;
  listConferences(kind: ConferenceKind, hostId: string): Promise<Array<{ id: string; kind: ConferenceKind; topic: string; startsAt: string | null; durationMinutes: number | null; timeZone: string | null; recurring: boolean; registrationEnabled: boolean; joinUrl: string | null }>>;
}

export function zoomProvider(creds: ZoomCredentials): ZoomProvider {
  const client = new ZoomClient(creds);
  const base = (ref: ConferenceRef) => `/${plural(ref.kind)}/${encodeURIComponent(ref.externalId)}`;

  /**
   * The registrant limit: a meeting's 4,999, or for a webinar the host's licence tier
   * (100/500/1000/3000/5000/10000) lowered by its own `registrants_restrict_number`. Without the
   * settings scope the tier is unknown and only the webinar's own restriction counts.
   */
  async function withLimit(info: ConferenceInfo): Promise<ConferenceInfo> {
    if (info.kind === 'meeting') return { ...info, registrantLimit: Math.min(info.registrantLimit ?? MEETING_REGISTRANT_LIMIT, MEETING_REGISTRANT_LIMIT) };
    if (!info.hostId) return info;
    let tier = tiers.get(info.hostId);
    if (!tier) {
      tier = client.request('GET', `/users/${encodeURIComponent(info.hostId)}/settings`, { schema: UserSettings }).then(
        (s) => s.feature?.webinar_capacity || null,
        (e) => {
          tiers.delete(info.hostId!);
          if (e instanceof ProviderError && !e.retryable) return null;
          throw e;
        },
      );
      tiers.set(info.hostId, tier);
    }
    const cap = await tier;
    return cap ? { ...info, registrantLimit: Math.min(info.registrantLimit ?? cap, cap) } : info;
  }
  const tiers = new Map<string, Promise<number | null>>();

  async function get(ref: ConferenceRef): Promise<ConferenceInfo | null> {
    try {
      return await withLimit(toInfo(ref.kind, await client.request('GET', base(ref), { schema: Conference })));
    } catch (e) {
      if (e instanceof ConferenceGone) return null;
      throw e;
    }
  }

  async function listRegistrants(ref: ConferenceRef): Promise<ProviderRegistrant[]> {
    const out: ProviderRegistrant[] = [];
    for (const status of ['approved', 'pending'] as const) {
      let next: string | undefined;
      do {
        const page = await client.request('GET', `${base(ref)}/registrants`, { query: { status, page_size: 300, next_page_token: next }, schema: RegistrantList });
        for (const r of page.registrants) out.push({ email: r.email.toLowerCase(), registrantId: r.id, status });
        next = page.next_page_token || undefined;
      } while (next);
    }
    return out;
  }

  return {
    id: 'zoom',
    capabilities: { registration: true, batchRegistration: true, webinars: true, recurrence: true, listExisting: true, maxBatch: 30 },

    async createConference(spec: ConferenceSpec) {
      const recurrence = spec.occurrences && spec.occurrences.length > 1 ? recurrenceFor(spec.occurrences) : null;
      if (spec.occurrences && spec.occurrences.length > 1 && !recurrence) {
        throw new ProviderError('These sessions are not evenly spaced, so Zoom cannot hold them as one recurring meeting; use one conference per session', false, 422);
      }
      const type = recurrence ? (spec.kind === 'webinar' ? 9 : 8) : spec.kind === 'webinar' ? 5 : 2;
      const settings = zoomSettings(spec.kind, spec.settings);
      if (recurrence) settings.registration_type = 1;
      const body = { topic: spec.topic.slice(0, 200), type, start_time: zoomTime(spec.startsAt), duration: spec.durationMinutes, timezone: spec.timeZone, agenda: spec.agenda?.slice(0, 2000), ...(recurrence ? { recurrence } : {}), settings };
      const c = await client.request('POST', `/users/${encodeURIComponent(spec.hostId ?? 'me')}/${plural(spec.kind)}`, { body, schema: Conference });
      return withLimit(toInfo(spec.kind, c));
    },

    async updateConference(ref, spec) {
      const body: Record<string, unknown> = {};
      if (spec.topic !== undefined) body.topic = spec.topic.slice(0, 200);
      if (spec.startsAt) body.start_time = zoomTime(spec.startsAt);
      if (spec.durationMinutes !== undefined) body.duration = spec.durationMinutes;
      if (spec.timeZone) body.timezone = spec.timeZone;
      if (spec.occurrences && spec.occurrences.length > 1) {
        const recurrence = recurrenceFor(spec.occurrences);
        if (recurrence) body.recurrence = recurrence;
      }
      await client.request('PATCH', base(ref), { body });
    },

    async deleteConference(ref) {
      try {
        await client.request('DELETE', base(ref));
      } catch (e) {
        if (!(e instanceof ConferenceGone)) throw e;
      }
    },

    getConference: get,

    async registerAttendee(ref, r: RegistrantIn) {
      try {
        const out = await client.request('POST', `${base(ref)}/registrants`, { body: { email: r.email, first_name: r.firstName, last_name: r.lastName, auto_approve: true }, schema: Registrant });
        if (!out.join_url) throw new ProviderError('Zoom put the registrant on manual approval; turn on automatic approval for this conference', false, 201);
        return { email: r.email, registrantId: out.registrant_id ?? String(out.id ?? ''), joinUrl: out.join_url };
      } catch (e) {
        // Some Zoom setups refuse an e-mail that is already registered instead of returning it:
        // a retry after a lost answer then finds the registrant in the list (no second registration).
        if (e instanceof ZoomApiError && e.status === 400 && /already|exist|duplicate/i.test(e.message)) {
          const found = (await listRegistrants(ref)).find((x) => x.email === r.email.toLowerCase());
          const list = found ? await client.request('GET', `${base(ref)}/registrants/${found.registrantId}`, { schema: z.object({ join_url: z.string().optional() }).passthrough() }) : null;
          if (found && list?.join_url) return { email: r.email, registrantId: found.registrantId, joinUrl: list.join_url };
        }
        throw e;
      }
    },

    async registerBatch(ref, rs, opts) {
      const out = await client.request('POST', `${base(ref)}/batch_registrants`, {
        body: { auto_approve: true, registrants_confirmation_email: opts?.sendProviderEmail ?? false, registrants: rs.map((r) => ({ email: r.email, first_name: r.firstName, last_name: r.lastName })) },
        schema: Batch,
      });
      return out.registrants.map((x) => {
        if (!x.join_url) throw new ProviderError('Zoom put registrants on manual approval; turn on automatic approval for this conference', false, 201);
        return { email: x.email.toLowerCase(), registrantId: x.registrant_id, joinUrl: x.join_url };
      });
    },

    async cancelRegistrants(ref, emails) {
      for (let i = 0; i < emails.length; i += 30) {
        try {
          await client.request('PUT', `${base(ref)}/registrants/status`, { body: { action: 'cancel', registrants: emails.slice(i, i + 30).map((email) => ({ email })) } });
        } catch (e) {
          if (e instanceof ConferenceGone) return;
          throw e;
        }
      }
    },

    listRegistrants,

    async enableRegistration(ref) {
      await client.request('PATCH', base(ref), { body: { settings: { approval_type: 0 } } });
    },

    async testAccess() {
      const granted = await client.scopes();
      let user: ZoomUser | null = null;
      try {
        user = await client.request('GET', '/users/me', { schema: User });
      } catch (e) {
        if (!(e instanceof ProviderError) || e.retryable) throw e;
        // Account-level tokens may not resolve `me`: fall back to the first active licensed user.
        const users = await this.listUsers().catch(() => []);
        user = users.find((u) => u.type === 2) ?? users[0] ?? null;
      }
      return { ok: true, user: user ? { id: user.id, email: user.email, name: user.display_name ?? `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim() } : null, missingScopes: missingScopes(granted) };
    },

    async listUsers() {
      const users: ZoomUser[] = [];
      let next: string | undefined;
      do {
        const page = await client.request('GET', '/users', { query: { status: 'active', page_size: 300, next_page_token: next }, schema: UserList });
        users.push(...page.users);
        next = page.next_page_token || undefined;
      } while (next);
      return users;
    },

    async listConferences(kind, hostId) {
      const key = kind === 'webinar' ? 'webinars' : 'meetings';
      const Page = z.object({ [key]: z.array(ListItem).optional(), next_page_token: z.string().optional() });
      const items: z.infer<typeof ListItem>[] = [];
      let next: string | undefined;
      do {
        const page = (await client.request('GET', `/users/${encodeURIComponent(hostId)}/${key}`, { query: { type: 'scheduled', page_size: 300, next_page_token: next }, schema: Page })) as Record<string, unknown> & { next_page_token?: string };
        items.push(...((page[key] as z.infer<typeof ListItem>[] | undefined) ?? []));
        next = page.next_page_token || undefined;
      } while (next);
      // The list omits settings: fetch each to show whether registration is on (few per host).
      const out = [];
      for (const m of items.slice(0, 100)) {
        const full = await get({ externalId: m.id, kind });
        out.push({ id: m.id, kind, topic: m.topic, startsAt: m.start_time ?? null, durationMinutes: m.duration ?? null, timeZone: m.timezone ?? null, recurring: [3, 8, 6, 9].includes(m.type), registrationEnabled: full?.registrationEnabled ?? false, joinUrl: m.join_url ?? null });
      }
      return out;
    },
  };
}
