// Changes "made by a person in Zoom's web portal": they bypass the API (no token, no rate limit)
// but raise the same webhooks Zoom would, so tests can create drift that Foyer must notice
// (SPEC §3.4: "a registrant cancelled in Zoom, a meeting updated or deleted in Zoom").
import { validationError } from './errors.js';
import { conferenceBodySchema, type ConferenceBody } from './conference-schema.js';
import { createConference, deleteConference, eventObject, updateConference } from './conferences.js';
import { addRegistrant, type RegistrantBody } from './registrants.js';
import { changeStatus } from './registrant-status.js';
import type { Env } from './state.js';
import type { ConferenceKind, ConferenceRecord, RegistrantRecord } from './types.js';

export interface Portal {
  /** Creates a meeting/webinar as its host would in the portal (e.g. one Foyer should link to). */
  createConference(hostIdOrEmail: string, kind: ConferenceKind, body?: ConferenceBody): ConferenceRecord;
  updateConference(conferenceId: number, patch: ConferenceBody, occurrenceId?: string): void;
  deleteConference(conferenceId: number, occurrenceId?: string): void;
  /** Someone registering through Zoom's own registration page. */
  register(conferenceId: number, body: Pick<RegistrantBody, 'email' | 'first_name' | 'last_name'>, occurrenceIds?: string[]): RegistrantRecord;
  setRegistrantStatus(conferenceId: number, registrantIdOrEmail: string, action: 'approve' | 'cancel' | 'deny', occurrenceId?: string): void;
  cancelRegistrant(conferenceId: number, registrantIdOrEmail: string, occurrenceId?: string): void;
}

export function createPortal(env: Env): Portal {
  const find = (id: number): ConferenceRecord => {
    const rec = env.state.meetings.get(id) ?? env.state.webinars.get(id);
    if (!rec) throw new Error(`No meeting or webinar ${id} in the emulator`);
    return rec;
  };
  const emit = (rec: ConferenceRecord, event: string, payload: Record<string, unknown>) =>
    env.emit({ event: `${rec.kind}.${event}`, accountId: rec.accountId, operatorId: rec.hostId, payload });
  const parse = (body: unknown): ConferenceBody => {
    const parsed = conferenceBodySchema.safeParse(body ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    return parsed.data;
  };
  const portal: Portal = {
    createConference(hostIdOrEmail, kind, body = {}) {
      const host = [...env.state.users.values()].find((u) => u.id === hostIdOrEmail || u.email === hostIdOrEmail.toLowerCase());
      if (!host) throw new Error(`No user ${hostIdOrEmail} in the emulator`);
      const account = env.state.accounts.get(host.accountId)!;
      return createConference(env, account, host, kind, parse(body));
    },
    updateConference(conferenceId, patch, occurrenceId) {
      const rec = find(conferenceId);
      const { changed, old, scope } = updateConference(env, rec, parse(patch), occurrenceId);
      const ids = { id: rec.id, uuid: rec.uuid };
      if (Object.keys(changed).length) emit(rec, 'updated', { scope, object: { ...ids, ...changed }, old_object: { ...ids, ...old }, time_stamp: env.now() });
    },
    deleteConference(conferenceId, occurrenceId) {
      const rec = find(conferenceId);
      const object = eventObject(env, rec);
      const extra = deleteConference(env, rec, occurrenceId);
      emit(rec, 'deleted', { operation: occurrenceId ? 'single' : 'all', object: { ...object, ...extra } });
    },
    register(conferenceId, body, occurrenceIds) {
      const rec = find(conferenceId);
      return addRegistrant(env, rec, { body, autoApprove: false, occurrenceIds: occurrenceIds?.join(',') ?? null }).registrant;
    },
    setRegistrantStatus(conferenceId, key, action, occurrenceId) {
      const rec = find(conferenceId);
      const ref = key.includes('@') ? { email: key } : { id: key };
      changeStatus(env, rec, { action, registrants: [ref] }, occurrenceId ?? null, rec.hostId);
    },
    cancelRegistrant(conferenceId, key, occurrenceId) {
      portal.setRegistrantStatus(conferenceId, key, 'cancel', occurrenceId);
    },
  };
  return portal;
}
