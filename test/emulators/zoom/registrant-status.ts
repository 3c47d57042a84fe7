// Registrant status changes (approve / cancel / deny), deletion and list serialisation,
// per reference/zoom.md "Registrants" and the spec (meetingRegistrantStatus, webinarRegistrantStatus).
import { z } from 'zod';
import { errors, fieldError, validationError, ZoomError } from './errors.js';
import { eventObject } from './conferences.js';
import { isActive, registrantEventView, registrantJoinUrl, registrantLimit, registrantsOf } from './registrants.js';
import type { Env } from './state.js';
import type { ConferenceRecord, RegistrantRecord, RegistrantStatus } from './types.js';

export const statusBodySchema = z.object({
  action: z.enum(['approve', 'cancel', 'deny']),
  registrants: z.array(z.object({ id: z.string().optional(), email: z.string().optional() })).min(1),
});
/** "Registrant status updates take at most 30 registrants per call" (spec). */
export const STATUS_MAX = 30;

const EVENT_FOR: Record<string, string> = { approve: 'registration_approved', cancel: 'registration_cancelled', deny: 'registration_denied' };

/**
 * Applies an action. With `occurrenceId` on a recurring registration only that occurrence is
 * dropped (the registrant is cancelled once none is left). Unknown registrants are ignored.
 * Approving a cancelled/denied registrant restores the seat if capacity allows (UNCONFIRMED).
 */
export function changeStatus(env: Env, rec: ConferenceRecord, raw: unknown, occurrenceId: string | null, operatorId: string): void {
  const parsed = statusBodySchema.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const { action, registrants } = parsed.data;
  if (registrants.length > STATUS_MAX) throw fieldError('registrants', `The maximum number of registrants is ${STATUS_MAX}.`);
  if (occurrenceId && !rec.occurrences.some((o) => o.occurrence_id === occurrenceId)) throw errors.invalidOccurrence('occurrence_id');
  const all = registrantsOf(env, rec);
  const targets = registrants
    .map((ref) => all.find((r) => (ref.id && r.id === ref.id) || (ref.email && r.email === ref.email.toLowerCase())))
    .filter((r): r is RegistrantRecord => r !== undefined);
  for (const r of new Set(targets)) {
    const before = r.status;
    if (action === 'approve') {
      if (!isActive(r) && registrantsOf(env, rec).filter(isActive).length >= registrantLimit(env, rec)) throw errors.capacity(rec.kind, true);
      if (occurrenceId && !r.occurrenceIds.includes(occurrenceId)) r.occurrenceIds.push(occurrenceId);
      r.status = 'approved';
    } else {
      const target: RegistrantStatus = action === 'cancel' ? 'cancelled' : 'denied';
      if (occurrenceId && r.occurrenceIds.length > 1) {
        r.occurrenceIds = r.occurrenceIds.filter((id) => id !== occurrenceId);
      } else {
        r.status = target;
      }
    }
    if (before !== r.status || occurrenceId) {
      env.emit({
        event: `${rec.kind}.${EVENT_FOR[action]}`, accountId: rec.accountId, operatorId,
        payload: {
          object: {
            ...eventObject(env, rec),
            ...(occurrenceId ? { occurrences: rec.occurrences.filter((o) => o.occurrence_id === occurrenceId) } : {}),
            registrant: registrantEventView(env, r),
          },
        },
      });
    }
  }
}

/** DELETE a registrant (or one of its occurrences). 404 code UNCONFIRMED; 3001 chosen. */
export function deleteRegistrant(env: Env, rec: ConferenceRecord, registrantId: string, occurrenceId: string | null): void {
  const r = env.state.registrants.get(registrantId);
  if (!r || r.kind !== rec.kind || r.conferenceId !== rec.id) throw new ZoomError(404, 3001, `Registrant does not exist: ${registrantId}.`);
  if (occurrenceId && r.occurrenceIds.length > 1) {
    r.occurrenceIds = r.occurrenceIds.filter((id) => id !== occurrenceId);
    return;
  }
  env.state.registrants.delete(registrantId);
}

/** How a record shows in lists: `cancelled` is listed as `denied` unless hidden (option). */
export function listedStatus(env: Env, r: RegistrantRecord): 'approved' | 'pending' | 'denied' | null {
  if (r.status !== 'cancelled') return r.status;
  return env.options.cancelledRegistrantsListedAs === 'hidden' ? null : 'denied';
}

export function serializeRegistrant(env: Env, r: RegistrantRecord) {
  const join = registrantJoinUrl(env, r);
  return {
    id: r.id, email: r.email, first_name: r.first_name, last_name: r.last_name, ...r.fields,
    status: listedStatus(env, r) ?? 'denied', create_time: r.create_time, ...(join ? { join_url: join } : {}),
    participant_pin_code: r.participant_pin_code,
  };
}

/** Registrants for `GET …/registrants?status=&occurrence_id=` (status defaults to approved). */
export function listRegistrants(env: Env, rec: ConferenceRecord, status: string | null, occurrenceId: string | null): RegistrantRecord[] {
  const wanted = status ?? 'approved';
  if (!['approved', 'pending', 'denied'].includes(wanted)) throw fieldError('status');
  return registrantsOf(env, rec)
    .filter((r) => listedStatus(env, r) === wanted)
    .filter((r) => !occurrenceId || r.occurrenceIds.includes(occurrenceId))
    .sort((a, b) => a.create_time.localeCompare(b.create_time));
}
