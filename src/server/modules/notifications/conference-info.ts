import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { attendeeJoinLinks, conferences, registrations } from '../../db/schema/index.js';

/** What an attendee needs to join: their personal link (registration) or the event's shared one. */
export interface JoinInfo {
  url: string;
  passcode: string | null;
  meetingId: string | null;
  provider: string | null;
  topic: string | null;
  /** true when the link came from a provider registration for this attendee. */
  personal: boolean;
  sessionId?: string | null;
}

/** Options in `events.settings` that govern links (SPEC 5); absent means the default. */
export interface LinkSettings {
  joinLinkSender: 'foyer' | 'zoom';
  showConferenceDetails: boolean;
  hideJoinLinkInEmail: boolean;
  hideJoinLinkOnTicket: boolean;
}

/** Event settings, with a conference's own `joinLinkSender` (set when it was linked) taking part. */
export function linkSettings(settings: Record<string, unknown>, conferenceSettings: Record<string, unknown>[] = []): LinkSettings {
  const zoomSends = settings.joinLinkSender === 'zoom' || conferenceSettings.some((s) => s.joinLinkSender === 'zoom');
  return {
    joinLinkSender: zoomSends ? 'zoom' : 'foyer',
    showConferenceDetails: settings.showConferenceDetails === true,
    hideJoinLinkInEmail: settings.hideJoinLinkInEmail === true,
    hideJoinLinkOnTicket: settings.hideJoinLinkOnTicket === true,
  };
}

const str = (v: unknown) => (typeof v === 'string' && v.length ? v : null);

/** Legacy/manual form: `settings.conference = {provider, joinUrl, ...}` or `settings.joinUrl`. */
export function settingsJoin(settings: Record<string, unknown>): JoinInfo | null {
  const c = (settings.conference ?? {}) as Record<string, unknown>;
  const url = str(c.joinUrl) ?? str(settings.joinUrl);
  if (!url) return null;
  const provider = str(c.provider) ?? 'custom_link';
  if (provider === 'zoom' && c.registrationRequired !== false) return null;
  return { url, passcode: str(c.passcode), meetingId: str(c.meetingId), provider, topic: str(c.topic), personal: false, sessionId: null };
}

export type ConferenceRow = typeof conferences.$inferSelect;

/** The event's active conferences (conferencing module), event-wide first. */
export async function activeConferences(db: Db, eventId: string): Promise<ConferenceRow[]> {
  const rows = await db.select().from(conferences).where(and(eq(conferences.eventId, eventId), eq(conferences.status, 'active')));
  return rows.sort((a, b) => (a.sessionId ? 1 : 0) - (b.sessionId ? 1 : 0));
}

/** Providers whose registrations hand each attendee a link of their own (Zoom registrants). */
const PERSONAL_LINK_PROVIDERS = new Set(['zoom']);

/**
 * Links known without waiting for a provider registration: active conferences whose link is
 * the same for everyone (Jitsi room, custom link — conferencing "registers" attendees with that
 * very URL — and Zoom without registration), one per session with a per-session layout; else
 * the event settings' link. A Zoom conference with registration has none: each attendee's link
 * comes with their registration.
 */
export function sharedJoins(confs: ConferenceRow[], settings: Record<string, unknown>): JoinInfo[] {
  const open = confs.filter((c) => c.joinUrl && !(c.registrationEnabled && PERSONAL_LINK_PROVIDERS.has(c.provider)));
  if (open.length) {
    return open.map((c) => ({ url: c.joinUrl!, passcode: c.passcode, meetingId: c.provider === 'zoom' ? c.externalId : null, provider: c.provider, topic: null, personal: false, sessionId: c.sessionId }));
  }
  const s = settingsJoin(settings);
  return s ? [s] : [];
}

/** Personal links per attendee: conferencing's registrations plus those received by event. */
export async function personalJoinsFor(db: Db, attendeeIds: string[]): Promise<Map<string, JoinInfo[]>> {
  const out = new Map<string, JoinInfo[]>();
  const add = (id: string, j: JoinInfo) => {
    const l = out.get(id) ?? [];
    if (!l.some((x) => x.url === j.url)) l.push(j);
    out.set(id, l);
  };
  for (let i = 0; i < attendeeIds.length; i += 1000) {
    const ids = attendeeIds.slice(i, i + 1000);
    const regs = await db
      .select({ attendeeId: registrations.attendeeId, joinUrl: registrations.joinUrl, sessionId: conferences.sessionId, passcode: conferences.passcode, provider: conferences.provider, externalId: conferences.externalId })
      .from(registrations)
      .innerJoin(conferences, eq(conferences.id, registrations.conferenceId))
      .where(and(inArray(registrations.attendeeId, ids), eq(registrations.status, 'registered'), isNotNull(registrations.joinUrl), eq(conferences.status, 'active')))
      .orderBy(desc(registrations.updatedAt));
    for (const r of regs) add(r.attendeeId, { url: r.joinUrl!, passcode: r.passcode, meetingId: r.provider === 'zoom' ? r.externalId : null, provider: r.provider, topic: null, personal: true, sessionId: r.sessionId });
    // Links received by event only count where conferencing keeps no registration for that
    // attendee × conference: otherwise the registration (its current link, or none once
    // cancelled) is the truth and the stored copy may be stale.
    const own = await db
      .select()
      .from(attendeeJoinLinks)
      .where(and(
        inArray(attendeeJoinLinks.attendeeId, ids),
        sql`NOT EXISTS (SELECT 1 FROM ${registrations} r WHERE r.attendee_id = ${attendeeJoinLinks.attendeeId} AND r.conference_id = ${attendeeJoinLinks.conferenceId})`,
      ))
      .orderBy(desc(attendeeJoinLinks.updatedAt));
    for (const r of own) add(r.attendeeId, { url: r.joinUrl, passcode: r.passcode, meetingId: r.meetingId, provider: null, topic: null, personal: true, sessionId: r.sessionId });
  }
  return out;
}

/** An attendee's links: personal registrations win over the event's shared link. */
export async function joinFor(db: Db, attendeeId: string, eventId: string, settings: Record<string, unknown>): Promise<{ primary: JoinInfo | null; all: JoinInfo[]; confs: ConferenceRow[] }> {
  const confs = await activeConferences(db, eventId);
  const own = (await personalJoinsFor(db, [attendeeId])).get(attendeeId) ?? [];
  const all = own.length ? own : sharedJoins(confs, settings);
  return { primary: all[0] ?? null, all, confs };
}
