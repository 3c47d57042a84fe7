import { AppError, conflict } from '../../lib/errors.js';
import type { CheckoutGuard } from '../orders/checkout-guards.js';

/**
 * E-mail is the registrant key per conference (SPEC 3.4): refuse, before payment, an e-mail
 * that already holds an active registration for a conference this ticket would register with
 * (the same Zoom meeting may be linked to several events), and the host's own e-mail.
 */
export const conferencingCheckoutGuard: CheckoutGuard = async (tx, input) => {
  const r = await tx.client.query<{ id: string; session_id: string | null; provider: string; external_id: string; host_email: string | null }>(
    `SELECT id, session_id, provider, external_id, host_email FROM conferences WHERE event_id = $1 AND status = 'active'`,
    [input.eventId],
  );
  if (!r.rows.length) return;
  for (const [i, person] of input.people.entries()) {
    const covering = r.rows.filter((c) => c.session_id === null || person.sessionId === null || c.session_id === person.sessionId);
    for (const c of covering) {
      if (c.host_email && c.host_email.toLowerCase() === person.email.toLowerCase()) {
        throw new AppError('host_cannot_register', 422, `${person.email} is the host of this conference and cannot register as an attendee; use another e-mail address`, { fields: [{ field: `attendees.${i}.email`, message: 'is the conference host' }] });
      }
    }
    const shared = covering.filter((c) => c.provider === 'zoom');
    if (!shared.length) continue;
    const dup = await tx.client.query(
      `SELECT 1 FROM registrations r JOIN conferences c ON c.id = r.conference_id
        WHERE c.provider = 'zoom' AND c.status = 'active' AND c.external_id = ANY($1) AND c.event_id <> $2 AND r.email = $3 AND r.status IN ('pending','registered') LIMIT 1`,
      [shared.map((c) => c.external_id), input.eventId, person.email.toLowerCase()],
    );
    if (dup.rowCount) {
      throw conflict('duplicate_registrant', `${person.email} is already registered for this conference (through another event); each person can be registered once`, { fields: [{ field: `attendees.${i}.email`, message: 'already registered' }] });
    }
  }
};
