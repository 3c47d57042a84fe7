import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { attendeeJoinLinks, conferences, domainEvents, events } from '../../db/schema/index.js';
import { transaction } from '../../db/transaction.js';
import { newId } from '../../lib/tokens.js';
import type { DomainEventJob } from '../outbox/outbox.service.js';
import { isRepresentative, loadBundle, orderAttendees, type AttendeeBundle, type EventRow } from './attendee-bundle.js';
import { Composer } from './composer.js';
import type { JoinInfo } from './conference-info.js';
import { queueEmails, SEND_BATCH, type NewEmail } from './email-queue.js';
import { sendBatch } from './email-sender.js';
import { eventRecipients } from './recipients.js';
import { scheduleReminders } from './reminders.js';
import { formatMoney } from './template-data.js';
import { ticketUrl } from '../public/public-events.service.js';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** Writes composed e-mails and their send jobs in one transaction (rows first, then jobs). */
export async function commit(ctx: AppContext, list: NewEmail[]): Promise<string[]> {
  if (!list.length) return [];
  const ids = await transaction(ctx.database.pool, async (tx) => queueEmails(ctx, tx.client, list));
  await sendNow(ctx, ids);
  return ids;
}

/**
 * Small notices are sent at once after commit; their queued job is the delayed fallback. A
 * refusal here is left to that job's retries (the row is back in `queued`).
 */
export async function sendNow(ctx: AppContext, ids: string[]) {
  if (!ids.length || ids.length > SEND_BATCH || !ctx.config.WORKERS) return;
  await sendBatch(ctx, ids).catch((err) => ctx.log.warn({ err }, 'immediate send failed; the queued job retries'));
}

async function loadEvent(ctx: AppContext, organizationId: string, eventId: string): Promise<EventRow | null> {
  const [e] = await ctx.database.db.select().from(events).where(and(eq(events.id, eventId), eq(events.organizationId, organizationId)));
  return e ?? null;
}

/** The join e-mail for one attendee: representative or companion wording, keyed by the link. */
export async function joinEmail(composer: Composer, b: AttendeeBundle, join: JoinInfo, dedupeKey?: string) {
  const key = isRepresentative(b.attendee, b.order) ? 'join_link' : 'companion_join_link';
  return composer.compose(b, key, { dedupeKey: dedupeKey ?? `join:${b.attendee.id}:${hash(join.url)}`, join });
}

/** Confirmation (ticket) for each attendee; the representative's lists the order's tickets. */
async function onOrderCompleted(ctx: AppContext, job: DomainEventJob) {
  const { db } = ctx.database;
  const list = await orderAttendees(db, job.aggregateId);
  const composer = new Composer(ctx);
  const out: NewEmail[] = [];
  let buyerCovered = false;
  for (const { a } of list) {
    const b = await loadBundle(db, { attendeeId: a.id });
    if (!b || b.status !== 'valid') continue;
    const rep = isRepresentative(a, b.order);
    buyerCovered ||= rep;
    const tickets = rep ? list.filter((x) => x.a.status === 'active').map((x) => ({ name: `${x.a.firstName} ${x.a.lastName} (${x.tt})`, url: ticketUrl(ctx, x.a.ticketToken) })) : [];
    out.push(...(await composer.compose(b, 'order_confirmation', { dedupeKey: `order_confirmation:${a.id}`, extra: { tickets } })));
    // Links known without a provider registration go out now; registered ones on registration.registered.
    const links = await composer.eventLinks(b.event);
    const shared = links.shared.length ? await composer.joinOf(b) : null;
    if (shared && !shared.personal && links.settings.joinLinkSender === 'foyer') out.push(...(await joinEmail(composer, b, shared)));
  }
  const first = list[0];
  if (!buyerCovered && first) {
    // The buyer does not attend: they still get the order summary with every ticket link.
    const b = await loadBundle(db, { attendeeId: first.a.id });
    if (b && b.order.status !== 'cancelled') {
      const tickets = list.filter((x) => x.a.status === 'active').map((x) => ({ name: `${x.a.firstName} ${x.a.lastName} (${x.tt})`, url: ticketUrl(ctx, x.a.ticketToken) }));
      out.push(...(await composer.compose(b, 'order_confirmation', { dedupeKey: `order_confirmation:buyer:${b.order.id}`, toBuyer: true, extra: { tickets } })));
    }
  }
  await commit(ctx, out);
}

/** Order-level notices to the buyer: rejection, refund. */
async function toBuyer(ctx: AppContext, orderId: string, key: 'attendee_rejected' | 'refund_issued', dedupeKey: string, extra: Record<string, unknown>) {
  const { db } = ctx.database;
  const [first] = await orderAttendees(db, orderId);
  if (!first) return;
  const b = await loadBundle(db, { attendeeId: first.a.id });
  if (!b) return;
  await commit(ctx, await new Composer(ctx).compose(b, key, { dedupeKey, toBuyer: true, extra }));
}

/** Stores a personal link from conferencing and sends that attendee their join e-mail. */
async function onRegistered(ctx: AppContext, job: DomainEventJob) {
  const p = job.payload as { attendeeId?: string; conferenceId?: string; joinUrl?: string; passcode?: string; meetingId?: string; sessionId?: string };
  if (!p.attendeeId || !p.joinUrl) return;
  const { db } = ctx.database;
  const b = await loadBundle(db, { attendeeId: p.attendeeId, organizationId: job.organizationId });
  if (!b) return;
  // Conferencing sends the link; the passcode, meeting ID and session come from its conference.
  const [conf] = p.conferenceId ? await db.select().from(conferences).where(and(eq(conferences.id, p.conferenceId), eq(conferences.organizationId, job.organizationId))) : [];
  const values = {
    joinUrl: p.joinUrl,
    passcode: p.passcode ?? conf?.passcode ?? null,
    meetingId: p.meetingId ?? (conf?.provider === 'zoom' ? conf.externalId : null) ?? null,
    sessionId: p.sessionId ?? conf?.sessionId ?? null,
    updatedAt: new Date(),
  };
  await db
    .insert(attendeeJoinLinks)
    .values({ id: newId('ajl'), organizationId: job.organizationId, attendeeId: p.attendeeId, conferenceId: p.conferenceId ?? 'default', ...values })
    .onConflictDoUpdate({ target: [attendeeJoinLinks.attendeeId, attendeeJoinLinks.conferenceId], set: values });
  const composer = new Composer(ctx);
  if (b.status !== 'valid' || (await composer.eventLinks(b.event)).settings.joinLinkSender !== 'foyer') return;
  const join: JoinInfo = { url: p.joinUrl, passcode: values.passcode, meetingId: values.meetingId, provider: typeof job.payload.provider === 'string' ? job.payload.provider : (conf?.provider ?? null), topic: null, personal: true, sessionId: values.sessionId };
  await commit(ctx, await joinEmail(composer, b, join));
}

/** One notice to every recipient of an event, in one transaction of rows + send jobs. */
async function fanOut(ctx: AppContext, event: EventRow, which: 'active' | 'cancelledWithEvent', key: 'event_changed' | 'event_cancelled', dedupe: (b: AttendeeBundle) => string, extra: Record<string, unknown>, completedBefore?: Date) {
  const list = await eventRecipients(ctx.database.db, event, which, { completedBefore });
  const composer = new Composer(ctx);
  await composer.preloadJoins(list.map((b) => b.attendee.id));
  let out: NewEmail[] = [];
  let n = 0;
  for (const b of list) {
    out.push(...(await composer.compose(b, key, { dedupeKey: dedupe(b), extra })));
    // Commit in chunks: sending starts while the rest is composed, memory stays flat.
    if (out.length >= COMPOSE_CHUNK) ((n += (await commit(ctx, out)).length), (out = []));
  }
  return n + (await commit(ctx, out)).length;
}

const COMPOSE_CHUNK = 1000;

/**
 * A conference was linked or its link changed: every valid attendee gets the join e-mail for
 * the link they now have (their registration's, else the shared one), keyed by the link — so
 * whoever already got this very link gets nothing, and a changed link reaches everyone even
 * when it is hidden from the other e-mails. Registrations still pending send theirs later.
 */
async function linkFanOut(ctx: AppContext, event: EventRow) {
  const composer = new Composer(ctx);
  const links = await composer.eventLinks(event);
  if (links.settings.joinLinkSender !== 'foyer') return;
  const list = await eventRecipients(ctx.database.db, event, 'active');
  await composer.preloadJoins(list.map((b) => b.attendee.id));
  let out: NewEmail[] = [];
  for (const b of list) {
    const join = await composer.joinOf(b);
    if (join) out.push(...(await joinEmail(composer, b, join)));
    if (out.length >= COMPOSE_CHUNK) out = (await commit(ctx, out), []);
  }
  await commit(ctx, out);
}

const NOTICE_CHANGES = new Set(['title', 'time', 'timeZone', 'link', 'sessions']);

/** When a domain event happened (its outbox row); undefined for one not in the outbox. */
async function happenedAt(ctx: AppContext, eventId: string): Promise<Date | undefined> {
  const [row] = await ctx.database.db.select({ at: domainEvents.createdAt }).from(domainEvents).where(eq(domainEvents.id, eventId));
  return row?.at;
}

/** Reacts to the domain events notifications care about (subscriptions.ts). */
export async function handleDomainEvent(ctx: AppContext, job: DomainEventJob) {
  const p = job.payload;
  switch (job.type) {
    case 'order.completed':
      return onOrderCompleted(ctx, job);
    case 'order.cancelled':
      if (p.rejected) return toBuyer(ctx, job.aggregateId, 'attendee_rejected', `attendee_rejected:${job.aggregateId}`, { reason: typeof p.reason === 'string' && !/rejected by organiser/.test(p.reason) ? p.reason : '' });
      return;
    case 'order.refunded':
    case 'order.partially_refunded': {
      if (typeof p.refundId !== 'string' || typeof p.amount !== 'number') return;
      const { db } = ctx.database;
      const [first] = await orderAttendees(db, job.aggregateId);
      const b = first ? await loadBundle(db, { attendeeId: first.a.id }) : null;
      const locale = b ? (b.order.locale ?? 'en') : 'en';
      return toBuyer(ctx, job.aggregateId, 'refund_issued', `refund_issued:${p.refundId}`, { refund: { amount: formatMoney(p.amount, String(p.currency ?? b?.order.currency ?? 'EUR'), locale) } });
    }
    case 'registration.registered':
      return onRegistered(ctx, job);
    case 'event.published':
    case 'event.changed':
    case 'session.changed':
    case 'session.added':
    case 'session.removed': {
      const event = await loadEvent(ctx, job.organizationId, job.aggregateId);
      if (!event || event.status !== 'published') return;
      await scheduleReminders(ctx, event);
      if (job.type === 'event.published') return;
      const changes = Array.isArray(p.changes) ? (p.changes as string[]) : ['sessions'];
      if (!changes.some((c) => NOTICE_CHANGES.has(c))) return;
      const version = typeof p.version === 'number' ? p.version : event.version;
      const previous = (p.previous ?? {}) as Record<string, unknown>;
      await fanOut(ctx, event, 'active', 'event_changed', (b) => `event_changed:${b.attendee.id}:v${version}`, { previous, changes }, await happenedAt(ctx, job.eventId));
      // A new manual link (event settings) also goes out as the join e-mail, keyed by the link.
      if (changes.includes('link')) await linkFanOut(ctx, event);
      return;
    }
    case 'conference.linked':
    case 'conference.changed': {
      const event = await loadEvent(ctx, job.organizationId, job.aggregateId);
      if (!event || event.status !== 'published') return;
      if (job.type === 'conference.changed') {
        const changes = Array.isArray(p.changes) ? (p.changes as string[]) : ['link'];
        // The conference's link changed without an event version bump: keyed by this change.
        await fanOut(ctx, event, 'active', 'event_changed', (b) => `event_changed:${b.attendee.id}:${job.eventId}`, { changes, previous: {} }, await happenedAt(ctx, job.eventId));
      }
      await linkFanOut(ctx, event);
      return;
    }
    case 'event.cancelled': {
      const event = await loadEvent(ctx, job.organizationId, job.aggregateId);
      if (!event) return;
      await fanOut(ctx, event, 'cancelledWithEvent', 'event_cancelled', (b) => `event_cancelled:${b.attendee.id}`, { reason: typeof p.reason === 'string' ? p.reason : '', refunded: p.refund === true });
      return;
    }
  }
}

/** Organiser's resend of one attendee's ticket or join e-mail: always a new e-mail. */
export async function resendToAttendees(ctx: AppContext, organizationId: string, attendeeIds: string[], kind: 'ticket' | 'join', opts: { eventId?: string } = {}) {
  const { db } = ctx.database;
  const composer = new Composer(ctx);
  const run = newId('rs');
  const out: NewEmail[] = [];
  const created: string[] = [];
  let skipped = 0;
  const bundles = opts.eventId
    ? await eventRecipients(db, (await loadEvent(ctx, organizationId, opts.eventId))!, 'active')
    : (await Promise.all(attendeeIds.map((id) => loadBundle(db, { attendeeId: id, organizationId })))).filter((x): x is AttendeeBundle => Boolean(x));
  // Everyone's personal links in a few queries, not two per attendee.
  await composer.preloadJoins(bundles.map((b) => b.attendee.id));
  for (const b of bundles) {
    // Commit in chunks: sending starts while the rest is composed.
    if (out.length >= COMPOSE_CHUNK) created.push(...(await commit(ctx, out.splice(0))));
    if (b.status === 'cancelled') {
      skipped++;
      continue;
    }
    if (kind === 'ticket') {
      out.push(...(await composer.compose(b, 'order_confirmation', { dedupeKey: `order_confirmation:${b.attendee.id}:resend:${run}` })));
      continue;
    }
    const join = await composer.joinOf(b);
    if (!join || b.status !== 'valid') {
      skipped++;
      continue;
    }
    out.push(...(await joinEmail(composer, b, join, `join:${b.attendee.id}:resend:${run}`)));
  }
  const ids = [...created, ...(await commit(ctx, out))];
  return { queued: ids.length, skipped, emailIds: ids };
}
