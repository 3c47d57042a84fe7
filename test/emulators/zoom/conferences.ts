// Meeting/webinar records: create, serialise, update, delete — shared by the HTTP routes and by
// the `portal` helpers that simulate changes made by a person in Zoom's web portal.
// Response fields follow reference/zoom.md "Meetings" (rivet / Zoom Meetings OpenAPI spec).
import { createHash, randomBytes } from 'node:crypto';
import { errors, fieldError } from './errors.js';
import { conferenceMap, randomPassword, randomUuid, zoomTime, type Env } from './state.js';
import { expandOccurrences, isValidTimeZone, parseStartTime } from './recurrence.js';
import { DEFAULT_SETTINGS, TYPES, WEBINAR_IGNORED_SETTINGS, type ConferenceBody } from './conference-schema.js';
import type { AccountRecord, ConferenceKind, ConferenceRecord, UserRecord } from './types.js';

/** Seed 000: the credentials' user needs scheduling privilege from the host (else 3000). */
export function assertCanSchedule(account: AccountRecord, host: UserRecord, userKey: string): void {
  if (host.hostingDisabled) throw errors.hostingDisabled();
  if (host.id !== account.ownerId && account.requireSchedulePrivilege && !host.schedulers.includes(account.ownerId)) {
    throw errors.cannotScheduleFor(userKey);
  }
}

function cleanSettings(kind: ConferenceKind, settings: Record<string, unknown>): Record<string, unknown> {
  const out = { ...settings };
  if (kind === 'webinar') for (const k of WEBINAR_IGNORED_SETTINGS) delete out[k];
  return out;
}

function checkedTimeZone(tz: string): string {
  if (!isValidTimeZone(tz)) throw fieldError('timezone');
  return tz;
}

function occurrencesFor(rec: Pick<ConferenceRecord, 'kind' | 'type' | 'start_time' | 'duration' | 'timezone' | 'recurrence'>) {
  if (rec.type !== TYPES[rec.kind].fixedRecurring || !rec.start_time || !rec.recurrence) return [];
  return expandOccurrences(Date.parse(rec.start_time), rec.duration, rec.timezone, rec.recurrence);
}

export function createConference(env: Env, account: AccountRecord, host: UserRecord, kind: ConferenceKind, body: ConferenceBody): ConferenceRecord {
  const now = env.now();
  const types = TYPES[kind];
  const type = body.type ?? types.fallback;
  if (!types.allowed.includes(type)) throw fieldError('type');
  const timezone = checkedTimeZone(body.timezone ?? host.timezone);
  let start: number | undefined;
  if (type !== types.floatingRecurring) {
    start = body.start_time && type !== 1 ? parseStartTime(body.start_time, timezone) ?? NaN : now;
    if (Number.isNaN(start)) throw fieldError('start_time');
  }
  if (type === types.fixedRecurring && !body.recurrence) throw fieldError('recurrence');
  const rec: ConferenceRecord = {
    kind, id: env.state.nextConferenceId, uuid: randomUuid(), accountId: account.accountId, hostId: host.id,
    topic: body.topic ?? (kind === 'meeting' ? 'Zoom meeting' : 'Zoom webinar'), type,
    start_time: start === undefined ? undefined : zoomTime(start), duration: body.duration ?? 60, timezone,
    agenda: body.agenda ?? '', password: body.password ?? randomPassword(), created_at: zoomTime(now),
    recurrence: type === types.fixedRecurring || type === types.floatingRecurring ? body.recurrence : undefined,
    occurrences: [], settings: cleanSettings(kind, { ...DEFAULT_SETTINGS[kind], ...(body.settings ?? {}) }),
    urlToken: randomBytes(12).toString('base64url'),
  };
  env.state.nextConferenceId += 1 + Math.floor(Math.random() * 97);
  rec.occurrences = occurrencesFor(rec);
  conferenceMap(env.state, kind).set(rec.id, rec);
  return rec;
}

const encrypt = (rec: ConferenceRecord) => createHash('sha256').update(`${rec.id}:${rec.password}`).digest('base64url').slice(0, 32);

export function joinUrl(env: Env, rec: ConferenceRecord): string {
  return `${env.baseUrl()}/j/${rec.id}?pwd=${encrypt(rec)}`;
}

/** Upcoming occurrences unless `showPrevious` (GET `show_previous_occurrences`). */
export function visibleOccurrences(env: Env, rec: ConferenceRecord, showPrevious = false) {
  const now = env.now();
  return rec.occurrences.filter((o) => showPrevious || Date.parse(o.start_time) + o.duration * 60_000 > now);
}

/** For recurring meetings Zoom reports the next occurrence's start as `start_time`. */
export function effectiveStart(env: Env, rec: ConferenceRecord): string | undefined {
  if (rec.occurrences.length === 0) return rec.start_time;
  const next = visibleOccurrences(env, rec).find((o) => o.status === 'available');
  return (next ?? rec.occurrences[rec.occurrences.length - 1]).start_time;
}

export function serializeConference(env: Env, rec: ConferenceRecord, opts: { occurrenceId?: string; showPrevious?: boolean } = {}) {
  const host = env.state.users.get(rec.hostId);
  const base = env.baseUrl();
  const occ = opts.occurrenceId ? rec.occurrences.find((o) => o.occurrence_id === opts.occurrenceId) : undefined;
  if (opts.occurrenceId && !occ) throw errors.invalidOccurrence('occurrence_id');
  const registration = rec.settings.approval_type !== 2;
  const passwords = rec.kind === 'meeting'
    ? { h323_password: rec.password, pstn_password: rec.password, encrypted_password: encrypt(rec) }
    : { h323_passcode: rec.password, encrypted_passcode: encrypt(rec) };
  return {
    uuid: rec.uuid, id: rec.id, host_id: rec.hostId, host_email: host?.email ?? '', assistant_id: '',
    topic: rec.topic, type: rec.type, status: 'waiting',
    ...(rec.start_time || occ ? { start_time: occ?.start_time ?? effectiveStart(env, rec) } : {}),
    duration: occ?.duration ?? rec.duration, timezone: rec.timezone, agenda: rec.agenda, created_at: rec.created_at,
    // start_url is for the host only; Foyer must never show it to attendees.
    start_url: `${base}/s/${rec.id}?zak=${randomBytes(16).toString('base64url')}`,
    join_url: joinUrl(env, rec), password: rec.password, ...passwords, pre_schedule: false,
    ...(registration ? { registration_url: `${base}/${rec.kind}/register/${rec.urlToken}` } : {}),
    ...(rec.occurrences.length ? { occurrences: visibleOccurrences(env, rec, opts.showPrevious) } : {}),
    ...(rec.recurrence ? { recurrence: rec.recurrence } : {}),
    settings: structuredClone(rec.settings),
  };
}

export function summarizeConference(env: Env, rec: ConferenceRecord) {
  return {
    uuid: rec.uuid, id: rec.id, host_id: rec.hostId, topic: rec.topic, type: rec.type,
    ...(rec.start_time ? { start_time: effectiveStart(env, rec) } : {}), duration: rec.duration,
    timezone: rec.timezone, agenda: rec.agenda, created_at: rec.created_at, join_url: joinUrl(env, rec),
  };
}

const TOP_FIELDS = ['topic', 'type', 'start_time', 'duration', 'timezone', 'agenda', 'password', 'recurrence'] as const;

/** Applies a PATCH; returns the changed fields and their old values (for `*.updated` webhooks). */
export function updateConference(env: Env, rec: ConferenceRecord, body: ConferenceBody, occurrenceId?: string) {
  const changed: Record<string, unknown> = {};
  const old: Record<string, unknown> = {};
  if (occurrenceId) {
    // PATCH ?occurrence_id= changes one occurrence's start_time / duration (spec, meetingUpdate).
    const occ = rec.occurrences.find((o) => o.occurrence_id === occurrenceId);
    if (!occ) throw errors.invalidOccurrence('occurrence_id');
    const before = { occurrence_id: occ.occurrence_id, start_time: occ.start_time, duration: occ.duration };
    if (body.start_time) {
      const ms = parseStartTime(body.start_time, rec.timezone);
      if (ms === null) throw fieldError('start_time');
      occ.start_time = zoomTime(ms);
    }
    if (body.duration !== undefined) occ.duration = body.duration;
    return { changed: { occurrences: [{ occurrence_id: occ.occurrence_id, start_time: occ.start_time, duration: occ.duration }] }, old: { occurrences: [before] }, scope: 'single' as const };
  }
  const types = TYPES[rec.kind];
  if (body.type !== undefined && !types.allowed.includes(body.type)) throw fieldError('type');
  const next = { ...rec, ...Object.fromEntries(TOP_FIELDS.filter((k) => body[k] !== undefined).map((k) => [k, body[k]])) } as ConferenceRecord;
  next.timezone = checkedTimeZone(next.timezone);
  if (body.start_time !== undefined) {
    const ms = parseStartTime(body.start_time, next.timezone);
    if (ms === null) throw fieldError('start_time');
    next.start_time = zoomTime(ms);
  }
  if (next.type === types.fixedRecurring && !next.recurrence) throw fieldError('recurrence');
  if (next.type !== types.floatingRecurring && !next.start_time) next.start_time = zoomTime(env.now());
  for (const k of TOP_FIELDS) {
    if (JSON.stringify(next[k]) !== JSON.stringify(rec[k])) { changed[k] = next[k]; old[k] = rec[k]; }
  }
  if (body.settings) {
    const settings = cleanSettings(rec.kind, { ...rec.settings, ...body.settings });
    const c: Record<string, unknown> = {};
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(settings)) {
      if (JSON.stringify(v) !== JSON.stringify(rec.settings[k])) { c[k] = v; o[k] = rec.settings[k]; }
    }
    if (Object.keys(c).length) { changed.settings = c; old.settings = o; }
    next.settings = settings;
  }
  if (['type', 'start_time', 'duration', 'timezone', 'recurrence'].some((k) => k in changed)) {
    const previous = new Map(rec.occurrences.map((o) => [o.occurrence_id, o.status]));
    next.occurrences = occurrencesFor(next).map((o) => ({ ...o, status: previous.get(o.occurrence_id) ?? o.status }));
  }
  Object.assign(rec, next);
  return { changed, old, scope: 'all' as const };
}

/** DELETE: the whole series, or one occurrence (`status: "deleted"`, kept for inspection). */
export function deleteConference(env: Env, rec: ConferenceRecord, occurrenceId?: string) {
  if (occurrenceId) {
    const occ = rec.occurrences.find((o) => o.occurrence_id === occurrenceId);
    if (!occ) throw errors.invalidOccurrence('occurrence_id');
    occ.status = 'deleted';
    return { occurrences: [{ occurrence_id: occ.occurrence_id, start_time: occ.start_time }] };
  }
  conferenceMap(env.state, rec.kind).delete(rec.id);
  env.state.deleted.push(rec);
  return {};
}

/** `object` of webhook payloads: the meeting's identity (Zoom's event docs). */
export function eventObject(env: Env, rec: ConferenceRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    uuid: rec.uuid, id: rec.id, host_id: rec.hostId, topic: rec.topic, type: rec.type,
    duration: rec.duration, timezone: rec.timezone,
  };
  const start = effectiveStart(env, rec);
  if (start) out.start_time = start;
  return out;
}
