import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { startSmtp, until, type ReceivedMail } from '../../../../test/helpers/smtp.js';
import { privateDatabase } from '../../../../test/helpers/private-db.js';
import { startZoomEmulator, type ZoomEmulator } from '../../../../test/emulators/zoom/zoom-emulator.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';
import { closeMailTransports } from '../../providers/mail/registry.js';

/**
 * Join e-mails wired through the conferencing module for real: Zoom (emulated) registers each
 * attendee, `registration.registered` carries each personal link, and what reaches a real SMTP
 * server is parsed — e-mail with mailparser, calendar attachments with node-ical.
 */
let h: Harness;
let db: Awaited<ReturnType<typeof privateDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let zoom: ZoomEmulator;

beforeAll(async () => {
  smtp = await startSmtp();
  zoom = await startZoomEmulator({ rateLimits: { perSecond: { Light: 50, Medium: 50, Heavy: 20 } } });
  db = await privateDatabase();
  h = await startHarness({ env: { DATABASE_URL: db.url, SMTP_URL: smtp.url, MAIL_FROM: 'tickets@foyer.test', ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  await h?.close();
  closeMailTransports();
  await smtp?.close();
  await zoom?.close();
  // Let the closed pool's connections finish their goodbye before the forced DROP DATABASE
  // (PostgreSQL runs), so none of them reports being terminated.
  await new Promise((r) => setTimeout(r, 500));
  await db?.drop();
});

const isJoin = (m: ReceivedMail) => /^Your join link|invited you/.test(m.subject ?? '');
const veventsOf = (m: ReceivedMail) => {
  const att = m.attachments.find((a) => a.contentType === 'text/calendar');
  expect(att, `calendar attached to "${m.subject}"`).toBeDefined();
  const text = att!.content.toString();
  const parsed = ical.sync.parseICS(text);
  return { text, events: Object.values(parsed).filter((x: any) => x.type === 'VEVENT') as any[], zones: Object.values(parsed).filter((x: any) => x.type === 'VTIMEZONE') as any[] };
};
const registrations = async (token: string, eventId: string) => (await h.call('GET', `/api/v1/events/${eventId}/registrations`, { token })).json();

async function zoomEvent(settings: Record<string, unknown> = {}) {
  const ev = await buildPublishedEvent(h);
  const zoomOk = await h.call('PUT', '/api/v1/integrations/zoom', { token: ev.token, body: zoom.credentials });
  expect(zoomOk.statusCode, zoomOk.body).toBe(200);
  const put = await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting', settings } });
  expect(put.statusCode, put.body).toBe(200);
  return { ...ev, conference: put.json().data[0] };
}

describe('join e-mails from provider registrations', () => {
  it('gives the buyer and each companion their own e-mail with their own Zoom link, passcode and calendar', async () => {
    const ev = await zoomEvent();
    expect(ev.conference.registrationEnabled).toBe(true);
    const buyer = buildPerson({ firstName: 'Bea' });
    const friends = [buildPerson({ firstName: 'Carl' }), buildPerson({ firstName: 'Dora' })];
    const people = [buyer, ...friends];
    const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 3 }], buyer, attendees: people });
    expect(res.statusCode, res.body).toBe(201);
    await smtp.waitFor(() => people.every((p) => smtp.to(p.email).some(isJoin)), 40_000);
    const regs = await until(async () => {
      const r = await registrations(ev.token, ev.event.id);
      return r.data.filter((x: any) => x.status === 'registered').length === 3 ? r.data : null;
    });
    const linkOf = new Map<string, string>(regs.map((r: any) => [r.email, r.joinUrl]));
    expect(new Set(linkOf.values()).size).toBe(3); // personal links

    for (const p of people) {
      const joins = smtp.to(p.email).filter(isJoin);
      expect(joins, p.email).toHaveLength(1);
      const mail = joins[0]!;
      const own = linkOf.get(p.email)!;
      expect(mail.text).toContain(own);
      for (const other of people.filter((x) => x !== p)) expect(mail.text).not.toContain(linkOf.get(other.email)!);
      expect(mail.text).toContain(ev.conference.passcode);
      expect(mail.subject).toBe(p === buyer ? `Your join link: ${ev.event.title}` : `Bea ${buyer.lastName} invited you: ${ev.event.title}`);
      // The calendar travels with it, with the attendee's own link and a defined time zone.
      const cal = veventsOf(mail);
      expect(cal.events).toHaveLength(1);
      expect(cal.events[0].location).toBe(own);
      expect(cal.zones.map((z) => z.tzid)).toEqual(['Europe/Warsaw']);
      expect(new Date(cal.events[0].start).toISOString()).toBe(ev.event.startsAt);
    }
    // Each ticket page shows its holder's own link only.
    const view = (await h.call('GET', `/api/v1/public/orders/${res.json().orderToken}`)).json();
    for (const t of view.tickets) {
      const page = (await h.call('GET', `/api/v1/public/tickets/${t.ticketToken}`)).json();
      expect(page.join.url).toBe(linkOf.get(t.attendee.email));
      expect(page.join.passcode).toBe(ev.conference.passcode);
    }
    // Replays of the registrations do not send again.
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of people) expect(smtp.to(p.email).filter(isJoin)).toHaveLength(1);
  }, 90_000);

  it('sends no join e-mail when Zoom sends the links, but still the ticket', async () => {
    const ev = await zoomEvent({ joinLinkSender: 'zoom' });
    const buyer = buildPerson();
    const friend = buildPerson();
    const res = await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 2 }], buyer, attendees: [buyer, friend] });
    expect(res.statusCode, res.body).toBe(201);
    await until(async () => (await registrations(ev.token, ev.event.id)).summary.registered === 2, 40_000);
    await smtp.waitFor(() => [buyer, friend].every((p) => smtp.to(p.email).some((m) => m.subject!.startsWith('Your ticket'))));
    await new Promise((r) => setTimeout(r, 2000));
    for (const p of [buyer, friend]) expect(smtp.to(p.email).filter(isJoin)).toHaveLength(0);
    const log = (await h.call('GET', `/api/v1/emails?eventId=${ev.event.id}`, { token: ev.token })).json().data;
    expect(log.filter((e: any) => e.templateKey.includes('join'))).toHaveLength(0);
  }, 90_000);
});

describe('resends, link changes and conference details in e-mails', () => {
  it('resends a ticket as a new e-mail, tells everyone once when the link changes, with a higher SEQUENCE', async () => {
    const ev = await buildPublishedEvent(h);
    await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: { showConferenceDetails: true } } });
    const put = await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'custom_link', mode: 'link', url: 'https://meet.example.com/first-room', password: 'pw-1' } });
    expect(put.statusCode, put.body).toBe(200);
    const buyer = buildPerson();
    const friend = buildPerson();
    const order = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 2 }], buyer, attendees: [buyer, friend] })).json();
    await smtp.waitFor(() => [buyer, friend].every((p) => smtp.to(p.email).some(isJoin) && smtp.to(p.email).some((m) => m.subject!.startsWith('Your ticket'))));
    const ticket = smtp.to(friend.email).find((m) => m.subject!.startsWith('Your ticket'))!;
    // "Show conference details": in the e-mail body and the calendar description.
    expect(ticket.text).toContain('Passcode: pw-1');
    expect(ticket.text).toContain('Join: https://meet.example.com/first-room');
    // Empty fields leave no empty labels (online event: no venue; free: no total).
    expect(ticket.text).not.toMatch(/^(Where|Total):/m);
    const before = veventsOf(ticket).events[0];
    expect(String(before.description)).toContain('Passcode: pw-1');

    // Organiser resends the companion's ticket: a new e-mail each time.
    const attendees = (await h.call('GET', `/api/v1/orders/${order.order.id}`, { token: ev.token })).json().attendees;
    const friendId = attendees.find((a: any) => a.email === friend.email).id;
    const resend = await h.call('POST', `/api/v1/attendees/${friendId}/resend`, { token: ev.token, body: { kind: 'ticket' } });
    expect(resend.statusCode, resend.body).toBe(202);
    expect(resend.json()).toMatchObject({ queued: 1, skipped: 0 });
    await smtp.waitFor(() => smtp.to(friend.email).filter((m) => m.subject!.startsWith('Your ticket')).length === 2);
    expect(smtp.to(buyer.email).filter((m) => m.subject!.startsWith('Your ticket'))).toHaveLength(1);

    // The link changes (no event version bump): one "changed" e-mail each, new link, SEQUENCE + 1.
    const edit = await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'custom_link', mode: 'link', url: 'https://meet.example.com/second-room', password: 'pw-2' } });
    expect(edit.statusCode, edit.body).toBe(200);
    await smtp.waitFor(() => [buyer, friend].every((p) => smtp.to(p.email).some((m) => m.subject!.startsWith('Changed:'))));
    await smtp.waitFor(() => [buyer, friend].every((p) => smtp.to(p.email).filter(isJoin).length === 2));
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of [buyer, friend]) {
      const changed = smtp.to(p.email).filter((m) => m.subject!.startsWith('Changed:'));
      expect(changed).toHaveLength(1);
      const after = veventsOf(changed[0]!).events[0];
      if (p === friend) expect(after.uid).toBe(before.uid);
      expect(after.location).toBe('https://meet.example.com/second-room');
      expect(Number(after.sequence)).toBe(Number(before.sequence) + 1);
      expect(changed[0]!.text).toContain('second-room');
      const newJoin = smtp.to(p.email).filter(isJoin).at(-1)!;
      expect(newJoin.text).toContain('https://meet.example.com/second-room');
    }
    // The calendar download agrees.
    const tickets = (await h.call('GET', `/api/v1/public/orders/${order.orderToken}`)).json().tickets;
    const friendTicket = tickets.find((t: any) => t.attendee.email === friend.email);
    const ics = await h.call('GET', `/api/v1/public/tickets/${friendTicket.ticketToken}/calendar.ics`);
    const dl = Object.values(ical.sync.parseICS(ics.body)).find((x: any) => x.type === 'VEVENT') as any;
    expect(dl.uid).toBe(before.uid);
    expect(Number(dl.sequence)).toBe(Number(before.sequence) + 1);
  }, 90_000);

  it('a new manual link hidden from other e-mails still reaches everyone by the join e-mail; a cancellation cancels the calendar entry', async () => {
    const ev = await buildPublishedEvent(h);
    const link = (n: number) => ({ conference: { provider: 'custom_link', joinUrl: `https://meet.example.com/manual-${n}` } });
    expect((await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: { hideJoinLinkInEmail: true, ...link(1) } } })).statusCode).toBe(200);
    const who = buildPerson();
    expect((await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: who })).statusCode).toBe(201);
    await smtp.waitFor(() => smtp.to(who.email).some(isJoin) && smtp.to(who.email).some((m) => m.subject!.startsWith('Your ticket')));
    const ticket = smtp.to(who.email).find((m) => m.subject!.startsWith('Your ticket'))!;
    expect(ticket.text).not.toContain('manual-1');
    const first = veventsOf(ticket);
    expect(first.text).not.toContain('manual-1');
    expect(smtp.to(who.email).find(isJoin)!.text).toContain('https://meet.example.com/manual-1');

    expect((await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: link(2) } })).statusCode).toBe(200);
    await smtp.waitFor(() => smtp.to(who.email).some((m) => m.subject!.startsWith('Changed:')) && smtp.to(who.email).filter(isJoin).length === 2);
    const changed = smtp.to(who.email).filter((m) => m.subject!.startsWith('Changed:'));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.text).not.toContain('manual-2');
    const moved = veventsOf(changed[0]!);
    expect(moved.text).not.toContain('manual-2');
    expect(moved.events[0].uid).toBe(first.events[0].uid);
    expect(Number(moved.events[0].sequence)).toBe(Number(first.events[0].sequence) + 1);
    expect(smtp.to(who.email).filter(isJoin).at(-1)!.text).toContain('https://meet.example.com/manual-2');

    expect((await h.call('POST', `/api/v1/events/${ev.event.id}/cancel`, { token: ev.token, body: { reason: 'Venue flooded' } })).statusCode).toBe(200);
    await smtp.waitFor(() => smtp.to(who.email).some((m) => m.subject!.startsWith('Cancelled')));
    const cancelled = smtp.to(who.email).filter((m) => m.subject!.startsWith('Cancelled'));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.text).toContain('Venue flooded');
    const gone = veventsOf(cancelled[0]!).events[0];
    expect(gone.uid).toBe(first.events[0].uid);
    expect(gone.status).toBe('CANCELLED');
    expect(Number(gone.sequence)).toBeGreaterThan(Number(moved.events[0].sequence));
  }, 90_000);
});
