import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';
import { transaction } from '../../db/transaction.js';

/** Calendar files parsed with node-ical (an independent parser) and the ticket page options. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const conference = { provider: 'custom_link', joinUrl: 'https://meet.example.com/secret-room', passcode: '777', meetingId: '123 456 789', topic: 'Deep dive' };

async function ticketFor(event: Record<string, unknown> = {}, settings: Record<string, unknown> = {}, quantity = 1) {
  const ev = await buildPublishedEvent(h, { event });
  const patched = await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: { conference, ...settings } } });
  expect(patched.statusCode, patched.body).toBe(200);
  const buyer = buildPerson();
  const people = [buyer, ...Array.from({ length: quantity - 1 }, () => buildPerson())];
  const order = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity }], buyer, attendees: people })).json();
  const view = (await h.call('GET', `/api/v1/public/orders/${order.orderToken}`)).json();
  return { ...ev, order, tokens: view.tickets.map((t: any) => t.ticketToken) as string[] };
}

const calendar = async (token: string) => {
  const res = await h.call('GET', `/api/v1/public/tickets/${token}/calendar.ics`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/calendar/);
  return { text: res.body, events: Object.values(ical.sync.parseICS(res.body)).filter((x: any) => x.type === 'VEVENT') as any[] };
};

describe('calendar.ics', () => {
  it('has stable UIDs per attendee and session, SEQUENCE following the event version, and three reminders', async () => {
    const t = await ticketFor({}, {}, 2);
    const a = await calendar(t.tokens[0]!);
    const b = await calendar(t.tokens[1]!);
    expect(a.events).toHaveLength(1);
    const ev = a.events[0];
    expect(ev.uid).toMatch(/^att_.+-ses_.+@foyer\.test$/);
    expect(ev.uid).not.toBe(b.events[0].uid); // per attendee
    expect(ev.summary).toBe(t.event.title);
    expect(new Date(ev.start).toISOString()).toBe(t.event.startsAt);
    expect(ev.start.tz).toBe('Europe/Warsaw');
    // The TZID is defined in the file itself (VTIMEZONE with its CET/CEST changes).
    expect(a.text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Warsaw\r\n/);
    expect(a.text).toMatch(/TZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200/);
    expect(ev.location).toBe(conference.joinUrl);
    expect(ev.url.val ?? ev.url).toBe(conference.joinUrl);
    const v1 = Number(ev.sequence);
    expect(ev.alarms.map((x: any) => x.trigger).sort()).toEqual(['-P1D', '-P7D', '-PT1H']);

    const again = await calendar(t.tokens[0]!);
    expect(again.events[0].uid).toBe(ev.uid);

    const later = new Date(new Date(t.event.startsAt).getTime() + 86400_000);
    const patch = await h.call('PATCH', `/api/v1/events/${t.event.id}`, { token: t.token, body: { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3600_000).toISOString() } });
    expect(patch.statusCode, patch.body).toBe(200);
    const moved = await calendar(t.tokens[0]!);
    expect(moved.events[0].uid).toBe(ev.uid);
    expect(Number(moved.events[0].sequence)).toBe(v1 + 1);
    expect(new Date(moved.events[0].start).toISOString()).toBe(later.toISOString());
  });

  it('writes a series as one entry with its RRULE, and conference details when shown on the ticket', async () => {
    const start = new Date(Date.now() + 10 * 86400_000);
    start.setUTCHours(17, 0, 0, 0);
    const t = await ticketFor({ kind: 'series', recurrenceRule: 'FREQ=WEEKLY;COUNT=4', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString() }, { showConferenceDetails: true });
    const { events } = await calendar(t.tokens[0]!);
    expect(events).toHaveLength(1);
    expect(events[0].rrule.toString()).toMatch(/FREQ=WEEKLY;COUNT=4/);
    const description = String(events[0].description);
    expect(description).toContain('Meeting ID: 123 456 789');
    expect(description).toContain('Passcode: 777');
    expect(description).toContain('Topic: Deep dive');
    expect(description).toContain(`Join: ${conference.joinUrl}`);
    // Once a session is moved by hand the rule no longer describes them: one entry each.
    const sessions = (await h.call('GET', `/api/v1/events/${t.event.id}/sessions`, { token: t.token })).json().data ?? (await h.call('GET', `/api/v1/events/${t.event.id}`, { token: t.token })).json().sessions;
    const s = sessions[1];
    const moved = await h.call('PATCH', `/api/v1/events/${t.event.id}/sessions/${s.id}`, { token: t.token, body: { startsAt: new Date(new Date(s.startsAt).getTime() + 3600_000).toISOString(), endsAt: new Date(new Date(s.endsAt).getTime() + 3600_000).toISOString() } });
    expect(moved.statusCode, moved.body).toBe(200);
    const split = await calendar(t.tokens[0]!);
    expect(split.events).toHaveLength(4);
    expect(new Set(split.events.map((e: any) => e.uid)).size).toBe(4);
    // A removed session stays in the file, cancelled, under the UID calendars know it by.
    const gone = sessions[2];
    const del = await h.call('DELETE', `/api/v1/events/${t.event.id}/sessions/${gone.id}`, { token: t.token });
    expect(del.statusCode, del.body).toBeLessThan(300);
    const after = await calendar(t.tokens[0]!);
    expect(after.events).toHaveLength(4);
    const cancelled = after.events.filter((e: any) => e.status === 'CANCELLED');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].uid).toBe(split.events.find((e: any) => new Date(e.start).toISOString() === gone.startsAt).uid);
    expect(Number(cancelled[0].sequence)).toBeGreaterThan(Number(split.events[0].sequence));
  });

  it('raises SEQUENCE when a drift repair may have recreated the meeting', async () => {
    const ev = await buildPublishedEvent(h);
    const put = await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'jitsi', mode: 'generate' } });
    expect(put.statusCode, put.body).toBeLessThan(300);
    const order = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson() })).json();
    const token = (await h.call('GET', `/api/v1/public/orders/${order.orderToken}`)).json().tickets[0].ticketToken;
    const before = Number((await calendar(token)).events[0].sequence);
    const orgId = (await h.ctx.database.pool.query(`SELECT organization_id FROM events WHERE id = $1`, [ev.event.id])).rows[0].organization_id;
    await transaction(h.ctx.database.pool, (tx) =>
      h.ctx.outbox.emit(tx, { organizationId: orgId, type: 'conference.drift_repaired', aggregateType: 'conference', aggregateId: put.json().data[0].id, payload: { eventId: ev.event.id } }));
    expect(Number((await calendar(token)).events[0].sequence)).toBe(before + 1);
  });

  it('leaves the join link out when it is hidden on the ticket page', async () => {
    const t = await ticketFor({}, { hideJoinLinkOnTicket: true });
    const { events, text } = await calendar(t.tokens[0]!);
    expect(text).not.toContain('secret-room');
    expect(events[0].url.val ?? events[0].url).toMatch(/\/t\//);
  });
});

describe('ticket page', () => {
  it('shows sessions in the viewer zone with the event zone named, the join link and passcode', async () => {
    const t = await ticketFor();
    const res = await h.call('GET', `/api/v1/public/tickets/${t.tokens[0]}?tz=America/New_York`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.status).toBe('valid');
    expect(view.eventTimeZone).toBe('Europe/Warsaw');
    expect(view.viewerTimeZone).toBe('America/New_York');
    expect(view.sessions[0].local.startsAt).toMatch(/-0[45]:00$/);
    expect(view.sessions[0].eventLocal.startsAt).toMatch(/\+0[12]:00$/);
    expect(view.join).toMatchObject({ url: conference.joinUrl, passcode: '777' });
    expect(view.calendarUrl).toBe(`http://foyer.test/api/v1/public/tickets/${t.tokens[0]}/calendar.ics`);
    expect(view.conference).toBeNull();
    expect(view.qrCode).toBeNull(); // online only
    const bad = (await h.call('GET', `/api/v1/public/tickets/${t.tokens[0]}?tz=Not/AZone`)).json();
    expect(bad.viewerTimeZone).toBe('Europe/Warsaw');
  });

  it('applies the organiser options and shows a QR code for in-person and hybrid events', async () => {
    const hidden = await ticketFor({ format: 'hybrid', venue: 'Main hall' }, { hideJoinLinkOnTicket: true, showConferenceDetails: true });
    const view = (await h.call('GET', `/api/v1/public/tickets/${hidden.tokens[0]}`)).json();
    expect(view.join).toBeNull();
    expect(view.joinLinkHidden).toBe(true);
    expect(view.conference).toMatchObject({ topic: 'Deep dive', meetingId: '123 456 789', passcode: '777', joinUrl: null, durationMinutes: 90 });
    expect(JSON.stringify(view)).not.toContain('secret-room');
    expect(view.qrCode).toMatch(/^<svg/);
    expect(view.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    // Hidden from the confirmation e-mail: the join e-mail still carries it.
    const mailHidden = await ticketFor({}, { hideJoinLinkInEmail: true });
    let mails: any[] = [];
    for (let i = 0; i < 60 && mails.filter((m) => m.status === 'sent').length < 2; i++) {
      await new Promise((r) => setTimeout(r, 250));
      mails = (await h.call('GET', `/api/v1/emails?includeBody=true&eventId=${mailHidden.event.id}`, { token: mailHidden.token })).json().data;
    }
    const confirmation = mails.find((m) => m.templateKey === 'order_confirmation');
    const join = mails.find((m) => m.templateKey === 'join_link');
    expect(confirmation.body).not.toContain('secret-room');
    expect(join.body).toContain('secret-room');
    // And the ticket page still shows it.
    expect((await h.call('GET', `/api/v1/public/tickets/${mailHidden.tokens[0]}`)).json().join.url).toBe(conference.joinUrl);
  });

  it('uses the conference linked by the conferencing module (Jitsi) for join e-mails, ticket and calendar', async () => {
    const ev = await buildPublishedEvent(h);
    const buyer = buildPerson();
    // An order placed before the conference exists gets its join e-mail when it is linked.
    const early = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer })).json();
    const put = await h.call('PUT', `/api/v1/events/${ev.event.id}/conference`, { token: ev.token, body: { provider: 'jitsi', mode: 'generate' } });
    expect(put.statusCode, put.body).toBeLessThan(300);
    const later = buildPerson();
    const order = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: later })).json();
    let joins: any[] = [];
    for (let i = 0; i < 80 && joins.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 250));
      joins = (await h.call('GET', `/api/v1/emails?includeBody=true&templateKey=join_link&eventId=${ev.event.id}`, { token: ev.token })).json().data;
    }
    expect(joins.map((m) => m.to).sort()).toEqual([buyer.email, later.email].sort());
    const url = /https:\/\/\S+/.exec(joins[0].body.split('\n').find((l: string) => l.startsWith('https://'))!)![0];
    expect(url).toContain('meet.jit.si');
    for (const o of [early, order]) {
      const token = (await h.call('GET', `/api/v1/public/orders/${o.orderToken}`)).json().tickets[0].ticketToken;
      expect((await h.call('GET', `/api/v1/public/tickets/${token}`)).json().join.url).toBe(url);
      expect((await calendar(token)).events[0].location).toBe(url);
    }
  });

  it('gives no join link for a ticket that is not valid', async () => {
    const ev = await buildPublishedEvent(h, { ticket: { price: { amount: 1000, currency: 'PLN' } } });
    await h.call('PATCH', `/api/v1/events/${ev.event.id}`, { token: ev.token, body: { settings: { conference } } });
    const order = (await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' })).json();
    const token = (await h.call('GET', `/api/v1/public/orders/${order.orderToken}`)).json().tickets[0].ticketToken;
    const view = (await h.call('GET', `/api/v1/public/tickets/${token}`)).json();
    expect(view.status).toBe('pending');
    expect(view.join).toBeNull();
    expect((await calendar(token)).text).not.toContain('secret-room');
    expect((await h.call('GET', '/api/v1/public/tickets/not-a-real-token-000000000/calendar.ics')).statusCode).toBe(404);
  });
});
