import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { startSmtp, until } from '../../../../test/helpers/smtp.js';
import { privateDatabase } from '../../../../test/helpers/private-db.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';
import { transaction } from '../../db/transaction.js';
import { SEND_JOB } from './email-queue.js';
import { closeMailTransports } from '../../providers/mail/registry.js';

/** E-mails end to end against a real SMTP server started here; what arrives is parsed. */
let h: Harness;
let db: Awaited<ReturnType<typeof privateDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const refuse = new Map<string, { code: number; message: string; times: number }>();

beforeAll(async () => {
  smtp = await startSmtp({
    reject: (to, attempt) => {
      for (const addr of to) {
        const r = refuse.get(addr);
        if (r && attempt <= r.times) return { code: r.code, message: r.message };
      }
      return null;
    },
  });
  db = await privateDatabase();
  h = await startHarness({ env: { DATABASE_URL: db.url, SMTP_URL: smtp.url, MAIL_FROM: 'tickets@foyer.test' } });
});
afterAll(async () => {
  await h?.close();
  closeMailTransports();
  await smtp?.close();
  await db?.drop();
});

const conference = { provider: 'custom_link', joinUrl: 'https://meet.example.com/room-42', passcode: '4242' };
const emailsOf = async (token: string, q = '') => (await h.call('GET', `/api/v1/emails?limit=500${q}`, { token })).json().data as any[];

async function orderWithCompanion(eventOverrides: Record<string, unknown> = {}, locale?: string) {
  const ev = await buildPublishedEvent(h, { event: eventOverrides });
  await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: { conference } } });
  const buyer = buildPerson({ firstName: 'Bea' });
  const friend = buildPerson({ firstName: 'Carl' });
  const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 2 }], buyer, attendees: [buyer, friend], ...(locale ? { locale } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  const order = res.json();
  const detail = (await h.call('GET', `/api/v1/orders/${order.order.id}`, { token: ev.token })).json();
  return { ...ev, buyer, friend, order, detail };
}

describe('e-mails through SMTP', () => {
  it('gives the buyer and each companion their own ticket and join e-mail with their own link', async () => {
    const o = await orderWithCompanion();
    await smtp.waitFor(() => smtp.to(o.buyer.email).length >= 2 && smtp.to(o.friend.email).length >= 2);
    const buyerMails = smtp.to(o.buyer.email);
    const friendMails = smtp.to(o.friend.email);
    expect(buyerMails.map((m) => m.subject).sort()).toEqual([`Your join link: ${o.event.title}`, `Your ticket: ${o.event.title}`]);
    expect(friendMails.map((m) => m.subject).sort()).toEqual([`Bea ${o.buyer.lastName} invited you: ${o.event.title}`, `Your ticket: ${o.event.title}`]);
    const tokens = o.detail.attendees.map((a: any) => a.ticketToken ?? null);
    const friendConfirmation = friendMails.find((m) => m.subject!.startsWith('Your ticket'))!;
    const buyerConfirmation = buyerMails.find((m) => m.subject!.startsWith('Your ticket'))!;
    // Each sees their own ticket link; the companion never sees the buyer's.
    const ticketLinks = (t: string) => [...t.matchAll(/http:\/\/foyer\.test\/t\/([\w-]+)/g)].map((x) => x[1]);
    expect(new Set(ticketLinks(friendConfirmation.text!)).size).toBe(1);
    expect(ticketLinks(buyerConfirmation.text!).length).toBeGreaterThanOrEqual(2); // the representative's order lists both
    expect(ticketLinks(friendConfirmation.text!)[0]).not.toBe(ticketLinks(buyerConfirmation.text!)[0]);
    if (tokens[0]) expect(ticketLinks(buyerConfirmation.text!)).toContain(tokens[0]);
    const join = friendMails.find((m) => m.subject!.includes('invited you'))!;
    expect(join.text).toContain(conference.joinUrl);
    expect(join.text).toContain('4242');
    expect(join.from!.text).toContain('tickets@foyer.test');
    // The confirmation carries the calendar.
    expect(friendConfirmation.attachments.map((a) => a.contentType)).toContain('text/calendar');
    // Acceptances are recorded per batch right after the conversation: wait for the rows.
    const log = await until(async () => {
      const l = await emailsOf(o.token, `&eventId=${o.event.id}`);
      return l.length === 4 && l.every((e) => e.status !== 'sending' && e.status !== 'queued') ? l : null;
    });
    expect(log.every((e) => e.status === 'sent' && e.transport === 'smtp' && /queued as test-/.test(e.serverResponse))).toBe(true);
  });

  it('never sends the same notice twice: replayed events and retried jobs find it sent', async () => {
    const o = await orderWithCompanion();
    await smtp.waitFor(() => smtp.to(o.friend.email).length >= 2);
    const log = await emailsOf(o.token, `&eventId=${o.event.id}`);
    // Replay the order.completed domain event and re-run every send job.
    const ev = await h.ctx.database.pool.query(`SELECT id, payload FROM domain_events WHERE aggregate_id = $1 AND type = 'order.completed'`, [o.order.order.id]);
    await h.ctx.queue.send('notifications.on-domain-event', { eventId: ev.rows[0].id + '-replay', type: 'order.completed', organizationId: await orgOf(o.event.id), aggregateId: o.order.order.id, payload: ev.rows[0].payload });
    for (const e of log) await h.ctx.queue.send(SEND_JOB, { emailIds: [e.id] }, { singletonKey: `retry:${e.id}` });
    await new Promise((r) => setTimeout(r, 2500));
    expect(smtp.to(o.friend.email)).toHaveLength(2);
    expect(smtp.to(o.buyer.email)).toHaveLength(2);
    expect(await emailsOf(o.token, `&eventId=${o.event.id}`)).toHaveLength(4);
  });

  it('retries a temporary refusal, records a permanent one with the server reply', async () => {
    const temp = buildPerson();
    const perm = buildPerson();
    refuse.set(temp.email, { code: 451, message: '4.3.0 Try again later', times: 1 });
    refuse.set(perm.email, { code: 550, message: '5.1.1 Mailbox unavailable', times: 99 });
    const ev = await buildPublishedEvent(h);
    const a = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: temp });
    const b = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: perm });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    await smtp.waitFor(() => smtp.to(temp.email).length === 1, 40_000);
    const failed = await until(async () => (await emailsOf(ev.token, '&status=failed')).find((e) => e.to === perm.email));
    expect(failed.serverResponse).toMatch(/550.*Mailbox unavailable/);
    expect(failed.attempts).toBe(1);
    const ok = await until(async () => (await emailsOf(ev.token, '&status=sent')).find((e) => e.to === temp.email));
    expect(ok.attempts).toBe(2);
    expect(smtp.to(temp.email)).toHaveLength(1);
  }, 60_000);

  it('does not resend after a crash between handing over and recording (at most once)', async () => {
    const ev = await buildPublishedEvent(h);
    const who = buildPerson();
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: who });
    const [mail] = await until(async () => {
      const l = await emailsOf(ev.token, '&status=sent');
      return l.length ? l : null;
    });
    // Simulate the crash: the row says "sending" as if the process died mid-conversation.
    await h.ctx.database.pool.query(`UPDATE emails SET status = 'sending' WHERE id = $1`, [mail.id]);
    await h.ctx.queue.send(SEND_JOB, { emailIds: [mail.id] }, { singletonKey: `crash:${mail.id}` });
    const after = await until(async () => (await emailsOf(ev.token)).find((e) => e.id === mail.id && e.status === 'failed'));
    expect(after.error).toMatch(/outcome unknown/);
    expect(smtp.to(who.email)).toHaveLength(1);
  });

  it('copies the organiser when asked and picks the order locale, then the event locale', async () => {
    const ev = await buildPublishedEvent(h, { event: { locale: 'pl' } });
    const put = await h.call('PUT', '/api/v1/email-templates/order_confirmation', { token: ev.token, body: { copyToOrganizer: true } });
    expect(put.statusCode, put.body).toBe(200);
    const pl = buildPerson();
    const ja = buildPerson();
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: pl });
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: ja, locale: 'ja' });
    await smtp.waitFor(() => smtp.to(pl.email).length === 1 && smtp.to(ja.email).length === 1 && smtp.to(ev.email).length === 2);
    expect(smtp.to(pl.email)[0]!.subject).toBe(`Twój bilet: ${ev.event.title}`);
    expect(smtp.to(ja.email)[0]!.subject).toBe(`チケットのご案内：${ev.event.title}`);
    const copies = smtp.to(ev.email);
    expect(copies.every((m) => m.subject!.startsWith('[Copy to '))).toBe(true);
  });

  it('sends the join e-mail on registration.registered, not when Zoom sends it, and resends on request', async () => {
    const ev = await buildPublishedEvent(h);
    const who = buildPerson();
    const order = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: who })).json();
    const detail = (await h.call('GET', `/api/v1/orders/${order.order.id}`, { token: ev.token })).json();
    const attendeeId = detail.attendees[0].id;
    const orgId = await orgOf(ev.event.id);
    const register = (url: string) =>
      transaction(h.ctx.database.pool, (tx) => h.ctx.outbox.emit(tx, { organizationId: orgId, type: 'registration.registered', aggregateType: 'registration', aggregateId: `reg_${url.length}`, payload: { attendeeId, conferenceId: 'cnf_1', joinUrl: url, passcode: '999' } }));
    await register('https://zoom.example.com/w/1?tk=personal-a');
    await register('https://zoom.example.com/w/1?tk=personal-a'); // a replayed registration: no second e-mail
    await smtp.waitFor(() => smtp.to(who.email).some((m) => m.subject!.startsWith('Your join link')));
    await new Promise((r) => setTimeout(r, 1500));
    const joinMails = smtp.to(who.email).filter((m) => m.subject!.startsWith('Your join link'));
    expect(joinMails).toHaveLength(1);
    expect(joinMails[0]!.text).toContain('tk=personal-a');
    // The ticket page shows the personal link to its holder.
    const ticket = (await h.call('GET', `/api/v1/public/tickets/${detail.attendees[0].ticketToken ?? ''}`)).json();
    if (detail.attendees[0].ticketToken) expect(ticket.join.url).toContain('tk=personal-a');

    const resend = await h.call('POST', `/api/v1/attendees/${attendeeId}/resend`, { token: ev.token, body: { kind: 'join' } });
    expect(resend.statusCode, resend.body).toBe(202);
    expect(resend.json().queued).toBe(1);
    await smtp.waitFor(() => smtp.to(who.email).filter((m) => m.subject!.startsWith('Your join link')).length === 2);

    // Zoom sends the links itself: Foyer stays quiet.
    await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: { joinLinkSender: 'zoom' } } });
    await register('https://zoom.example.com/w/1?tk=personal-b-longer');
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.to(who.email).filter((m) => m.text!.includes('personal-b'))).toHaveLength(0);
  });

  it('tells every active attendee once per change, with the updated calendar', async () => {
    const o = await orderWithCompanion();
    await smtp.waitFor(() => smtp.to(o.friend.email).length >= 2);
    const sequenceOf = (m: any) => Number(/SEQUENCE:(\d+)/.exec(m.attachments.find((x: any) => x.contentType === 'text/calendar')!.content.toString())![1]);
    const before = sequenceOf(smtp.to(o.friend.email).find((m) => m.subject!.startsWith('Your ticket')));
    const patch = await h.call('PATCH', `/api/v1/events/${o.event.id}`, { token: o.token, body: { title: `${o.event.title} (moved)` } });
    expect(patch.statusCode, patch.body).toBe(200);
    await smtp.waitFor(() => [o.buyer.email, o.friend.email].every((a) => smtp.to(a).some((m) => m.subject!.startsWith('Changed:'))));
    await new Promise((r) => setTimeout(r, 1500));
    for (const a of [o.buyer.email, o.friend.email]) {
      const changed = smtp.to(a).filter((m) => m.subject!.startsWith('Changed:'));
      expect(changed).toHaveLength(1);
      const ics = changed[0]!.attachments.find((x) => x.contentType === 'text/calendar')!;
      expect(ics.content.toString()).toContain(`SEQUENCE:${before + 1}`);
    }
  });

  it('sends rejection, refund and cancellation notices', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: { amount: 5000, currency: 'PLN' } } });
    const rejected = buildPerson();
    const refunded = buildPerson();
    const r1 = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: rejected, paymentMethod: 'manual' })).json();
    const r2 = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: refunded, paymentMethod: 'manual' })).json();
    expect((await h.call('POST', `/api/v1/orders/${r1.order.id}/reject`, { token: ev.token, body: { reason: 'No transfer arrived' } })).statusCode).toBe(200);
    expect((await h.call('POST', `/api/v1/orders/${r2.order.id}/confirm`, { token: ev.token, body: {} })).statusCode).toBe(200);
    expect((await h.call('POST', `/api/v1/orders/${r2.order.id}/refund`, { token: ev.token, body: { amount: 1000 } })).statusCode).toBe(200);
    await smtp.waitFor(() => smtp.to(rejected.email).length === 1 && smtp.to(refunded.email).some((m) => m.subject!.startsWith('Refund')));
    expect(smtp.to(rejected.email)[0]!.text).toContain('No transfer arrived');
    expect(smtp.to(refunded.email).find((m) => m.subject!.startsWith('Refund'))!.text).toMatch(/10[.,]00/);
    expect((await h.call('POST', `/api/v1/events/${ev.event.id}/cancel`, { token: ev.token, body: { reason: 'Speaker ill' } })).statusCode).toBe(200);
    await smtp.waitFor(() => smtp.to(refunded.email).some((m) => m.subject!.startsWith('Cancelled')));
    expect(smtp.to(rejected.email).some((m) => m.subject!.startsWith('Cancelled'))).toBe(false);
  });
});

async function orgOf(eventId: string): Promise<string> {
  const r = await h.ctx.database.pool.query(`SELECT organization_id FROM events WHERE id = $1`, [eventId]);
  return r.rows[0].organization_id;
}
