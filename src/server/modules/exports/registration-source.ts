import type { AppContext } from '../../context.js';

/** What the export and the dashboard show about one attendee's conference registration. */
export interface RegistrationInfo {
  status: string;
  joinUrl: string | null;
}

export interface RegistrationCounts {
  pending: number;
  registered: number;
  failed: number;
  cancelPending: number;
  cancelled: number;
}

/**
 * How exports and statistics learn about conference registrations (owned by the
 * conferencing capability, `registrations` table: one row per attendee × conference).
 * They ask only through this interface; conferencing may replace the default with
 * `setRegistrationSource(...)` if its model changes, and nothing here has to follow.
 */
export interface RegistrationSource {
  /** Batch lookup for up to ~1000 attendees of one event (one export page). */
  forAttendees(ctx: AppContext, organizationId: string, eventId: string, attendeeIds: string[]): Promise<Map<string, RegistrationInfo>>;
  counts(ctx: AppContext, organizationId: string, eventId: string): Promise<RegistrationCounts>;
}

/** An attendee with several conferences (one per session) shows the least finished state. */
const RANK: Record<string, number> = { failed: 0, pending: 1, cancel_pending: 2, registered: 3, cancelled: 4 };

const fromRegistrations: RegistrationSource = {
  async forAttendees(ctx, organizationId, eventId, attendeeIds) {
    // Looked up by attendee only (registrations_attendee): filtering on the event in SQL lets a
    // planner without statistics walk every registration of the event for each export page.
    const r = await ctx.database.pool.query<{ attendee_id: string; event_id: string; status: string; join_url: string | null }>(
      `SELECT r.attendee_id, r.event_id, r.status, r.join_url FROM registrations r
         JOIN conferences c ON c.id = r.conference_id
        WHERE r.attendee_id = ANY($2) AND r.organization_id = $1
        ORDER BY r.attendee_id, c.session_id NULLS FIRST, r.id`,
      [organizationId, attendeeIds],
    );
    const out = new Map<string, RegistrationInfo>();
    for (const row of r.rows) {
      if (row.event_id !== eventId) continue;
      const seen = out.get(row.attendee_id);
      if (!seen) { out.set(row.attendee_id, { status: row.status, joinUrl: row.join_url }); continue; }
      if ((RANK[row.status] ?? 9) < (RANK[seen.status] ?? 9)) seen.status = row.status;
      // Per-session conferences: every link, space-separated, in session order.
      if (row.join_url && !seen.joinUrl?.split(' ').includes(row.join_url)) seen.joinUrl = seen.joinUrl ? `${seen.joinUrl} ${row.join_url}` : row.join_url;
    }
    return out;
  },
  async counts(ctx, organizationId, eventId) {
    const r = await ctx.database.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM registrations WHERE event_id = $1 AND organization_id = $2 GROUP BY status`,
      [eventId, organizationId],
    );
    const by = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    return { pending: by.pending ?? 0, registered: by.registered ?? 0, failed: by.failed ?? 0, cancelPending: by.cancel_pending ?? 0, cancelled: by.cancelled ?? 0 };
  },
};

let source: RegistrationSource = fromRegistrations;

export function setRegistrationSource(s: RegistrationSource): void {
  source = s;
}

export function registrationSource(): RegistrationSource {
  return source;
}
