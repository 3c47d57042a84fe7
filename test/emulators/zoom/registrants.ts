// Registration rules and adding registrants (single and batch), per reference/zoom.md
// "Registrants" and Zoom's Meetings OpenAPI spec (meetingRegistrantCreate, addBatchRegistrants,
// webinarRegistrantCreate, addBatchWebinarRegistrants).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { errors, fieldError, validationError, ZoomError } from './errors.js';
import { effectiveStart, eventObject } from './conferences.js';
import { TYPES } from './conference-schema.js';
import { randomId, randomPin, zoomTime, type Env } from './state.js';
import type { ConferenceRecord, RegistrantRecord } from './types.js';

const optionalText = z.string().max(255).optional();
export const registrantBodySchema = z.looseObject({
  email: z.email().max(128),
  first_name: z.string().min(1).max(64),
  last_name: z.string().max(64).optional(),
  address: optionalText, city: optionalText, state: optionalText, zip: optionalText, country: optionalText,
  phone: optionalText, comments: z.string().max(2000).optional(), industry: optionalText, job_title: optionalText,
  no_of_employees: optionalText, org: optionalText, purchasing_time_frame: optionalText,
  role_in_purchase_process: optionalText, language: optionalText,
  custom_questions: z.array(z.object({ title: z.string(), value: z.string() })).optional(),
  auto_approve: z.boolean().optional(),
});
export type RegistrantBody = z.infer<typeof registrantBodySchema>;

export const batchBodySchema = z.object({
  auto_approve: z.boolean().optional(),
  registrants_confirmation_email: z.boolean().optional(),
  registrants: z.array(z.object({ email: z.email().max(128), first_name: z.string().min(1).max(64), last_name: z.string().max(64).optional() })).min(1),
});
/** "Register up to 30 registrants at once" (spec, addBatchRegistrants). */
export const BATCH_MAX = 30;

export const isActive = (r: RegistrantRecord) => r.status === 'approved' || r.status === 'pending';

export function registrantsOf(env: Env, rec: ConferenceRecord): RegistrantRecord[] {
  return [...env.state.registrants.values()].filter((r) => r.kind === rec.kind && r.conferenceId === rec.id);
}

/** Meetings: at most 4,999 registrants (spec). Webinars: the host's licence tier, or lower. */
export function registrantLimit(env: Env, rec: ConferenceRecord): number {
  if (rec.kind === 'meeting') return env.state.accounts.get(rec.accountId)!.meetingRegistrantLimit;
  const tier = env.state.users.get(rec.hostId)?.webinarCapacity ?? 0;
  const restrict = Number(rec.settings.registrants_restrict_number ?? 0);
  return restrict > 0 ? Math.min(tier, restrict) : tier;
}

/** Registration needs a Licensed host (spec: "The host must be a Licensed user type"). */
export function assertLicensedHost(env: Env, rec: ConferenceRecord): void {
  const host = env.state.users.get(rec.hostId);
  if (rec.kind === 'webinar' && !host?.webinarCapacity) throw errors.webinarPlanMissing();
  if (!host || host.type < 2) throw errors.paidUserOnly(rec.hostId);
}

/**
 * "Registration not enabled" (approval_type 2) is HTTP 400 with a code that varies by endpoint
 * (spec): meeting add/batch 404, webinar add/batch 3000, status and list 300.
 */
export function assertRegistrationEnabled(rec: ConferenceRecord, endpoint: 'add' | 'batch' | 'status' | 'list'): void {
  if (rec.settings.approval_type !== 2) return;
  const noun = rec.kind === 'meeting' ? 'meeting' : 'webinar';
  if (endpoint === 'status' || endpoint === 'list') throw new ZoomError(400, 300, `Registration has not been enabled for this ${noun}: ${rec.id}.`);
  if (rec.kind === 'meeting') throw new ZoomError(400, 404, `Registration has not been enabled for this meeting: ${rec.id}.`);
  if (endpoint === 'add') throw new ZoomError(400, 3000, `This webinar does not have registration as required: ${rec.id}.`);
  throw new ZoomError(400, 3000, `Registration has not been enabled for this webinar: ${rec.id}.`);
}

/** 3038: a meeting whose (last) occurrence has ended no longer takes registrations. */
export function assertNotOver(env: Env, rec: ConferenceRecord): void {
  if (!rec.start_time) return;
  const last = rec.occurrences.filter((o) => o.status === 'available').at(-1);
  const start = Date.parse(last?.start_time ?? rec.start_time);
  if (start + (last?.duration ?? rec.duration) * 60_000 < env.now()) throw errors.meetingOver(rec.kind);
}

export function registrantJoinUrl(env: Env, r: RegistrantRecord): string | undefined {
  // A pending registrant has no join_url (spec).
  return r.status === 'approved' ? `${env.baseUrl()}/w/${r.conferenceId}?tk=${r.joinToken}` : undefined;
}

/** Which occurrences a registration covers (registration_type applies to type 8/9 only). */
function resolveOccurrences(rec: ConferenceRecord, param: string | null, env: Env): string[] {
  if (rec.type !== TYPES[rec.kind].fixedRecurring) return [];
  const upcoming = rec.occurrences.filter((o) => o.status === 'available' && Date.parse(o.start_time) + o.duration * 60_000 > env.now());
  const requested = param ? param.split(',').map((s) => s.trim()).filter(Boolean) : [];
  for (const id of requested) if (!upcoming.some((o) => o.occurrence_id === id)) throw errors.invalidOccurrence('occurrence_ids');
  const regType = Number(rec.settings.registration_type ?? 1);
  if (regType === 1 || requested.length === 0) {
    // Type 2 ("register for each occurrence") without ids: the next occurrence (UNCONFIRMED).
    return regType === 2 ? upcoming.slice(0, 1).map((o) => o.occurrence_id) : upcoming.map((o) => o.occurrence_id);
  }
  return requested;
}

export interface AddInput {
  body: Pick<RegistrantBody, 'email' | 'first_name' | 'last_name'> & Record<string, unknown>;
  autoApprove?: boolean;
  occurrenceIds: string | null;
}

/**
 * Adds (or re-activates) one registrant. Re-adding an active e-mail returns the existing
 * registrant (reference: UNCONFIRMED, configurable); a cancelled/denied e-mail is registered
 * again under its old registrant id (seed 000: "registered again by a new completed order").
 */
export function addRegistrant(env: Env, rec: ConferenceRecord, input: AddInput): { registrant: RegistrantRecord; created: boolean } {
  const email = input.body.email.toLowerCase();
  const host = env.state.users.get(rec.hostId);
  if (host && host.email === email) throw errors.hostCannotRegister();
  const occurrenceIds = resolveOccurrences(rec, input.occurrenceIds, env);
  const existing = registrantsOf(env, rec).find((r) => r.email === email);
  if (existing && isActive(existing)) {
    if (env.options.duplicateRegistrant === 'error') {
      // Not a documented Zoom answer: lets tests check Foyer copes with a refusal too.
      throw new ZoomError(400, 3000, `The email address ${email} has already been registered.`);
    }
    existing.occurrenceIds = [...new Set([...existing.occurrenceIds, ...occurrenceIds])];
    return { registrant: existing, created: false };
  }
  const active = registrantsOf(env, rec).filter(isActive).length;
  if (active >= registrantLimit(env, rec)) throw errors.capacity(rec.kind);
  const { email: _e, first_name, last_name, auto_approve: _a, ...fields } = input.body;
  // approval_type 0 approves; 1 (manual) leaves pending unless auto_approve (spec).
  const status = rec.settings.approval_type === 0 || input.autoApprove ? 'approved' : 'pending';
  const registrant: RegistrantRecord = existing
    ? Object.assign(existing, { first_name, last_name: last_name ?? '', fields, status, occurrenceIds, create_time: zoomTime(env.now()) })
    : {
      id: randomId(), kind: rec.kind, conferenceId: rec.id, email, first_name, last_name: last_name ?? '', fields,
      status, create_time: zoomTime(env.now()), joinToken: randomBytes(24).toString('base64url'), occurrenceIds,
      participant_pin_code: randomPin(),
    };
  env.state.registrants.set(registrant.id, registrant);
  env.emit({
    event: `${rec.kind}.registration_created`, accountId: rec.accountId, operatorId: env.state.accounts.get(rec.accountId)!.ownerId,
    payload: { object: { ...eventObject(env, rec), registrant: registrantEventView(env, registrant) } },
  });
  return { registrant, created: true };
}

export function registrantEventView(env: Env, r: RegistrantRecord): Record<string, unknown> {
  const join = registrantJoinUrl(env, r);
  return { id: r.id, first_name: r.first_name, last_name: r.last_name, email: r.email, status: r.status, ...(join ? { join_url: join } : {}) };
}

/** 201 body of "Add a registrant". */
export function addResponse(env: Env, rec: ConferenceRecord, r: RegistrantRecord) {
  const join = registrantJoinUrl(env, r);
  const occurrences = rec.occurrences.filter((o) => r.occurrenceIds.includes(o.occurrence_id));
  return {
    id: rec.id, registrant_id: r.id, topic: rec.topic, start_time: effectiveStart(env, rec),
    ...(join ? { join_url: join } : {}), participant_pin_code: r.participant_pin_code,
    ...(occurrences.length ? { occurrences } : {}),
  };
}

/** Batch rules: ≤ 30, only meeting type 2 / webinar type 5, host e-mail refused (UNCONFIRMED: whole batch). */
export function checkBatch(env: Env, rec: ConferenceRecord, raw: unknown) {
  if (rec.type !== TYPES[rec.kind].batch) {
    throw rec.kind === 'meeting'
      ? new ZoomError(400, 303, 'This API can only be used for scheduled meeting(meeting type: 2). Batch registration is not supported for other meeting types.')
      : new ZoomError(400, 300, 'This API can only be used for scheduled webinars (type 5). Batch registration is not supported for other webinar types.');
  }
  const parsed = batchBodySchema.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  if (parsed.data.registrants.length > BATCH_MAX) throw fieldError('registrants', `The maximum number of registrants is ${BATCH_MAX}.`);
  const hostEmail = env.state.users.get(rec.hostId)?.email;
  if (parsed.data.registrants.some((r) => r.email.toLowerCase() === hostEmail)) throw errors.hostCannotRegister();
  const current = registrantsOf(env, rec);
  const fresh = new Set(parsed.data.registrants.map((r) => r.email.toLowerCase()).filter((e) => !current.some((c) => c.email === e && isActive(c))));
  if (current.filter(isActive).length + fresh.size > registrantLimit(env, rec)) throw errors.capacity(rec.kind);
  return parsed.data;
}
