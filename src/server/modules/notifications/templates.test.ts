import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { until } from '../../../../test/helpers/smtp.js';
import { buildOrganization, buildPerson, buildPublishedEvent, placeOrder } from '../../../../test/factories.js';

/** Templates (organisation + event override), preview, syntax errors, and the embedded mailbox. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('e-mail templates', () => {
  it('edits an organisation template, overrides it per event and removes the override', async () => {
    const ev = await buildPublishedEvent(h);
    const get0 = (await h.call('GET', '/api/v1/email-templates/join_link', { token: ev.token })).json();
    expect(get0.texts.pl.subject).toBe('Twój link do udziału: {{ event.title }}');
    expect(get0.texts.en.source).toBe('default');

    const put = await h.call('PUT', '/api/v1/email-templates/join_link', { token: ev.token, body: { locale: 'en', subject: 'Join {{ event.title }} now', copyToOrganizer: true } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ scope: 'organization', overridden: true, copyToOrganizer: true, enabled: true });
    expect(put.json().texts.en).toMatchObject({ subject: 'Join {{ event.title }} now', source: 'organization' });
    expect(put.json().texts.en.body).toContain('{{ join.url }}'); // the body stays the default

    const over = await h.call('PUT', `/api/v1/events/${ev.event.id}/email-templates/join_link`, { token: ev.token, body: { enabled: false, texts: { ko: { subject: '입장: {{ event.title }}' } } } });
    expect(over.statusCode, over.body).toBe(200);
    expect(over.json()).toMatchObject({ scope: 'event', enabled: false, copyToOrganizer: true });
    expect(over.json().texts.ko.source).toBe('event');
    expect(over.json().texts.en.source).toBe('organization');

    const del = await h.call('DELETE', `/api/v1/events/${ev.event.id}/email-templates/join_link`, { token: ev.token });
    expect(del.statusCode).toBe(204);
    const after = (await h.call('GET', `/api/v1/events/${ev.event.id}/email-templates/join_link`, { token: ev.token })).json();
    expect(after).toMatchObject({ overridden: false, enabled: true });
    expect(after.texts.ko.source).toBe('default');

    // Back to default by clearing the text.
    const reset = (await h.call('PUT', '/api/v1/email-templates/join_link', { token: ev.token, body: { locale: 'en', subject: null } })).json();
    expect(reset.texts.en.source).toBe('default');
  });

  it('refuses invalid syntax with the field, line and column', async () => {
    const org = await buildOrganization(h);
    const bad = await h.call('PUT', '/api/v1/email-templates/reminder', { token: org.token, body: { locale: 'en', body: 'Hello\n  {{ attendee.firstName }}\n  {% if join.url %}no end' } });
    expect(bad.statusCode).toBe(422);
    const e = bad.json().error;
    expect(e.code).toBe('template_syntax_error');
    expect(e.details.fields[0]).toMatchObject({ field: 'body', line: 3, column: 3 });
    expect(e.message).toMatch(/line 3, column 3/);

    const filter = await h.call('PUT', '/api/v1/email-templates/reminder', { token: org.token, body: { texts: { pl: { subject: 'Hi {{ attendee.firstName | exec }}' } } } });
    expect(filter.statusCode).toBe(422);
    expect(filter.json().error.details.fields[0]).toMatchObject({ field: 'texts.pl.subject', line: 1, column: 4 });

    const include = await h.call('POST', '/api/v1/email-templates/preview', { token: org.token, body: { key: 'reminder', body: 'x\n{% include "/etc/passwd" %}' } });
    expect(include.statusCode).toBe(422);
    expect(include.json().error.details).toMatchObject({ line: 2, column: 1 });
  });

  it('previews with sample data in the chosen language', async () => {
    const org = await buildOrganization(h);
    const res = await h.call('POST', '/api/v1/email-templates/preview', { token: org.token, body: { key: 'companion_join_link', locale: 'ru' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().subject).toBe('Grace Hopper приглашает вас: Sample webinar');
    expect(res.json().body).toContain('https://meet.jit.si/foyer-sample-room');
    const custom = await h.call('POST', '/api/v1/email-templates/preview', { token: org.token, body: { key: 'refund_issued', subject: '{{ refund.amount }} back', locale: 'pl' } });
    expect(custom.json().subject).toMatch(/49,00\s*zł back/);
    // Every default in every language renders.
    for (const key of ['order_confirmation', 'join_link', 'companion_join_link', 'event_changed', 'event_cancelled', 'attendee_rejected', 'refund_issued', 'reminder']) {
      for (const locale of ['en', 'pl', 'ja', 'ru', 'ko']) {
        const r = await h.call('POST', '/api/v1/email-templates/preview', { token: org.token, body: { key, locale } });
        expect(r.statusCode, `${key} ${locale} ${r.body}`).toBe(200);
        expect(r.json().body).toContain('Sample');
      }
    }
  });

  it('keeps mail in the local mailbox when SMTP is not configured, and skips disabled notices', async () => {
    const ev = await buildPublishedEvent(h);
    const who = buildPerson();
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: who });
    const [mail] = await until(async () => {
      const l = (await h.call('GET', '/api/v1/emails?includeBody=true', { token: ev.token })).json().data;
      return l.length && l[0].status === 'sent' ? l : null;
    });
    expect(mail).toMatchObject({ to: who.email, templateKey: 'order_confirmation', status: 'sent', transport: 'mailbox', serverResponse: 'stored in the local mailbox' });
    expect(mail.body).toContain('http://foyer.test/t/');
    expect(mail.attachments).toEqual([{ filename: 'event.ics', contentType: expect.stringContaining('text/calendar') }]);

    await h.call('PUT', `/api/v1/events/${ev.event.id}/email-templates/order_confirmation`, { token: ev.token, body: { enabled: false } });
    const other = buildPerson();
    await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 1 }], buyer: other });
    await new Promise((r) => setTimeout(r, 2000));
    expect((await h.call('GET', `/api/v1/emails?to=${encodeURIComponent(other.email)}`, { token: ev.token })).json().data).toHaveLength(0);
    // Another organisation's log is its own.
    const b = await buildOrganization(h);
    expect((await h.call('GET', '/api/v1/emails', { token: b.token })).json().data).toHaveLength(0);
  });

  it('pages through the log without losing e-mails of one fan-out that share their creation instant', async () => {
    const ev = await buildPublishedEvent(h);
    const people = Array.from({ length: 4 }, () => buildPerson());
    expect((await placeOrder(h, ev.event.slug, { items: [{ ticketTypeId: ev.ticketType.id, quantity: 4 }], buyer: people[0], attendees: people })).statusCode).toBe(201);
    await until(async () => ((await h.call('GET', `/api/v1/emails?eventId=${ev.event.id}&status=sent`, { token: ev.token })).json().data.length >= 4 ? true : null));
    // An event-wide resend writes its e-mails in one statement: one creation instant for all.
    expect((await h.call('POST', `/api/v1/events/${ev.event.id}/resend`, { token: ev.token, body: { kind: 'ticket' } })).statusCode).toBe(202);
    const all = await until(async () => {
      const l = (await h.call('GET', `/api/v1/emails?eventId=${ev.event.id}&limit=500`, { token: ev.token })).json().data;
      return l.length >= 8 ? l : null;
    });
    const instants = new Map<string, number>();
    for (const e of all) instants.set(e.createdAt, (instants.get(e.createdAt) ?? 0) + 1);
    expect(Math.max(...instants.values())).toBeGreaterThan(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const q: string = `/api/v1/emails?eventId=${ev.event.id}&limit=3${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`;
      const res = (await h.call('GET', q, { token: ev.token })).json();
      seen.push(...res.data.map((e: any) => e.id));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((e: any) => e.id));
    expect((await h.call('GET', `/api/v1/emails?before=yesterday`, { token: ev.token })).statusCode).toBe(422);
  });

  it('sends e-mails left queued without a send job (the sweeper), and only once', async () => {
    const ev = await buildPublishedEvent(h);
    const orgId = (await h.ctx.database.pool.query(`SELECT organization_id FROM events WHERE id = $1`, [ev.event.id])).rows[0].organization_id;
    const insert = (id: string, minutesAgo: number) =>
      h.ctx.database.pool.query(
        `INSERT INTO emails (id, organization_id, event_id, template_key, dedupe_key, locale, to_address, subject, body_text, created_at)
         VALUES ($1, $2, $3, 'reminder', $1, 'en', 'lost@example.com', 'Lost', 'body', now() - make_interval(mins => $4))`,
        [id, orgId, ev.event.id, minutesAgo],
      );
    await insert(`eml_lost_${ev.event.id}`, 20);
    await insert(`eml_fresh_${ev.event.id}`, 1);
    const { sweepEmails } = await import('./notifications.jobs.js');
    expect(await sweepEmails(h.ctx)).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => (await h.ctx.database.pool.query(`SELECT status, attempts FROM emails WHERE id = $1`, [id])).rows[0];
    const sent = await until(async () => {
      const s = await status(`eml_lost_${ev.event.id}`);
      return s.status === 'sent' ? s : null;
    });
    expect(sent.attempts).toBe(1);
    // A second sweep finds nothing of this to do; the fresh row is left to its own job.
    await sweepEmails(h.ctx);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await status(`eml_lost_${ev.event.id}`)).attempts).toBe(1);
    expect((await status(`eml_fresh_${ev.event.id}`)).status).toBe('queued');
  });
});
