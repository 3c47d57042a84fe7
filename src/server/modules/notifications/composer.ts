import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { members, users } from '../../db/schema/index.js';
import type { AttendeeBundle, SessionRow } from './attendee-bundle.js';
import { activeConferences, linkSettings, personalJoinsFor, sharedJoins, type ConferenceRow, type JoinInfo, type LinkSettings } from './conference-info.js';
import type { NewEmail } from './email-queue.js';
import { buildIcs, calendarSequence, cancelledSessionsOf } from './ics.js';
import { renderTemplate } from './template-engine.js';
import { chooseLocale, templateData } from './template-data.js';
import { effectiveTemplate, oneLine, type EffectiveTemplate } from './templates.service.js';
import type { MailLocale, TemplateKey } from './template-keys.js';
import { conferenceDetails } from './ticket-page.js';

const JOIN_KEYS: TemplateKey[] = ['join_link', 'companion_join_link'];
const ICS_KEYS: TemplateKey[] = ['order_confirmation', 'event_changed', 'event_cancelled', 'join_link', 'companion_join_link'];

export interface ComposeOptions {
  dedupeKey: string;
  /** Extra template variables (previous, refund, reason, session, ...). */
  extra?: Record<string, unknown>;
  /** Send to the buyer instead of the attendee (order-level notices). */
  toBuyer?: boolean;
  /** A specific link (from a registration); otherwise the attendee's known link. */
  join?: JoinInfo | null;
}

/**
 * Turns notices into e-mail rows. One composer serves one fan-out, caching templates per
 * locale, the organiser's address and the event's personal links, so 10,000 attendees cost
 * a handful of queries rather than tens of thousands.
 */
export class Composer {
  private readonly templates = new Map<string, EffectiveTemplate>();
  private organizerAddress: string | null | undefined;
  private readonly personal = new Map<string, JoinInfo[]>();
  private readonly loaded = new Set<string>();
  private readonly events = new Map<string, { confs: ConferenceRow[]; shared: JoinInfo[]; settings: LinkSettings; sequence: number; cancelledSessions: SessionRow[] }>();

  constructor(private readonly ctx: AppContext) {}

  /** Preloads personal links for many attendees at once (fan-outs). */
  async preloadJoins(attendeeIds: string[]) {
    const todo = attendeeIds.filter((id) => !this.loaded.has(id));
    const map = await personalJoinsFor(this.ctx.database.db, todo);
    for (const id of todo) {
      this.loaded.add(id);
      const l = map.get(id);
      if (l) this.personal.set(id, l);
    }
  }

  /** The event's conferences, shared links and link options, once per composer. */
  async eventLinks(event: AttendeeBundle['event']) {
    let e = this.events.get(event.id);
    if (!e) {
      const confs = await activeConferences(this.ctx.database.db, event.id);
      e = { confs, shared: sharedJoins(confs, event.settings), settings: linkSettings(event.settings, confs.map((c) => c.settings)), sequence: await calendarSequence(this.ctx.database.db, event), cancelledSessions: await cancelledSessionsOf(this.ctx.database.db, event.id) };
      this.events.set(event.id, e);
    }
    return e;
  }

  /** The attendee's personal link, else the shared link of their session or of the event. */
  async joinOf(b: AttendeeBundle): Promise<JoinInfo | null> {
    await this.preloadJoins([b.attendee.id]);
    const own = this.personal.get(b.attendee.id);
    if (own?.length) return own[0]!;
    const { shared } = await this.eventLinks(b.event);
    const sid = b.attendee.sessionId ?? b.sessions[0]?.id ?? null;
    return shared.find((j) => j.sessionId && j.sessionId === sid) ?? shared.find((j) => !j.sessionId) ?? shared[0] ?? null;
  }

  private async template(b: AttendeeBundle, key: TemplateKey, locale: MailLocale) {
    const k = `${b.event.id}:${key}:${locale}`;
    let t = this.templates.get(k);
    if (!t) {
      t = await effectiveTemplate(this.ctx.database.db, b.event.organizationId, b.event.id, key, locale);
      this.templates.set(k, t);
    }
    return t;
  }

  private async organizer(organizationId: string, replyTo: string | null): Promise<string | null> {
    if (this.organizerAddress !== undefined) return this.organizerAddress;
    if (replyTo) return (this.organizerAddress = replyTo);
    const [owner] = await this.ctx.database.db
      .select({ email: users.email })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.organizationId, organizationId), eq(members.role, 'owner')));
    return (this.organizerAddress = owner?.email ?? null);
  }

  async compose(b: AttendeeBundle, key: TemplateKey, opts: ComposeOptions): Promise<NewEmail[]> {
    const locale = chooseLocale(b.order.locale, b.event.locale);
    const tpl = await this.template(b, key, locale);
    if (!tpl.enabled) return [];
    const { settings, sequence, cancelledSessions } = await this.eventLinks(b.event);
    const isJoin = JOIN_KEYS.includes(key);
    const known = opts.join !== undefined ? opts.join : await this.joinOf(b);
    // The join e-mail always carries the link; other notices only when not hidden from e-mail.
    const join = b.status === 'cancelled' && key !== 'event_cancelled' ? null : isJoin || !settings.hideJoinLinkInEmail ? known : null;
    const conference = settings.showConferenceDetails ? conferenceDetails(b, known, { includeJoin: Boolean(join) }) : null;
    const data = templateData(this.ctx, b, locale, join, { conference: conference ? { ...conference.details, text: conference.lines.join('\n') } : null, ...opts.extra });
    if (opts.toBuyer) data.attendee = { ...data.buyer };
    let body = await renderTemplate('body', tpl.body, data);
    if (conference && !tpl.body.includes('conference')) body = `${body.trimEnd()}\n\n${conference.lines.join('\n')}\n`;
    const subject = oneLine(await renderTemplate('subject', tpl.subject, data));
    const attachments = ICS_KEYS.includes(key) && !opts.toBuyer
      ? [{ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: buildIcs(this.ctx, b, known, { includeJoin: Boolean(join), showDetails: settings.showConferenceDetails, sequence, cancelledSessions }) }]
      : [];
    const base: NewEmail = {
      organizationId: b.event.organizationId,
      eventId: b.event.id,
      orderId: b.order.id,
      attendeeId: opts.toBuyer ? null : b.attendee.id,
      templateKey: key,
      dedupeKey: opts.dedupeKey,
      locale,
      fromName: b.organization.senderName ?? b.organization.name,
      replyTo: b.organization.replyTo,
      to: opts.toBuyer ? b.order.buyerEmail : b.attendee.email,
      subject,
      bodyText: body,
      attachments,
    };
    const out = [base];
    if (tpl.copyToOrganizer) {
      const to = await this.organizer(b.event.organizationId, b.organization.replyTo);
      if (to) out.push({ ...base, attendeeId: null, dedupeKey: `${opts.dedupeKey}:copy`, to, subject: `[Copy to ${base.to}] ${subject}`.slice(0, 300), replyTo: base.to, attachments: [] });
    }
    return out;
  }
}
