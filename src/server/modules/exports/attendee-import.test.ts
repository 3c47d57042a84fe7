import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../test/helpers/api.js';
import { buildPerson, buildPublishedEvent, buildTicketType, placeOrder } from '../../../../test/factories.js';
import { IMPORT_CHUNK, importHooks, INLINE_IMPORT_LIMIT, runImport } from './attendee-import.service.js';

/** Pauses the next import after its first chunk; `paused` resolves with what it had written. */
function pauseAfterFirstChunk() {
  let release!: () => void;
  let reached!: (v: { importId: string; processed: number }) => void;
  const gate = new Promise<void>((r) => (release = r));
  const paused = new Promise<{ importId: string; processed: number }>((r) => (reached = r));
  let first = true;
  importHooks.afterChunk = async (importId, processed) => {
    if (!first) return;
    first = false;
    reached({ importId, processed });
    await gate;
  };
  return { paused, release };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const postCsv = (eventId: string, token: string, body: string | Buffer) =>
  h.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/attendees/import`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: body });

const count = async (eventId: string) =>
  (await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM attendees WHERE event_id = $1`, [eventId])).rows[0].n as number;

describe('attendee import', () => {
  it('imports grouped companions as one completed, free, imported order', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h);
    const vip = await buildTicketType(h, token, event.id, { name: 'VIP' });
    const csv = [
      'First name,Last name,E-mail,Ticket type,Order group',
      'Zażółć,Gęśląjaźń,zazolc@example.com,Standard,rodzina',
      '太郎,山田,taro@example.com,Standard,',
      'Иван,Петров,ivan@example.com,vip,rodzina',
      `민준,김,MINJUN@example.com,${vip.id},rodzina`,
    ].join('\r\n');
    const res = await postCsv(event.id, token, '\ufeff' + csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'completed', total: 4, processed: 4, ordersCreated: 2, errors: [] });
    expect((await h.call('GET', `/api/v1/imports/${res.json().importId}`, { token })).json().status).toBe('completed');

    const orders = (await h.call('GET', `/api/v1/events/${event.id}/orders`, { token })).json().data;
    expect(orders).toHaveLength(2);
    for (const o of orders) expect(o).toMatchObject({ status: 'completed', source: 'import', total: { amount: 0 }, paymentStatus: 'free' });
    const family = orders.find((o: any) => o.buyer.email === 'zazolc@example.com');
    const detail = (await h.call('GET', `/api/v1/orders/${family.id}`, { token })).json();
    expect(detail.attendees.map((a: any) => [a.firstName, a.email, a.isBuyer])).toEqual([
      ['Zażółć', 'zazolc@example.com', true], ['Иван', 'ivan@example.com', false], ['민준', 'minjun@example.com', false],
    ]);
    expect(detail.items.map((i: any) => [i.ticketTypeName, i.quantity]).sort()).toEqual([['Standard', 1], ['VIP', 2]]);
    expect(detail.transitions).toEqual([expect.objectContaining({ from: null, to: 'completed', actorType: 'member' })]);
    const events = await h.ctx.database.pool.query(`SELECT type, payload FROM domain_events WHERE aggregate_id = $1`, [family.id]);
    expect(events.rows).toEqual([expect.objectContaining({ type: 'order.completed', payload: expect.objectContaining({ source: 'import', eventId: event.id }) })]);
    const types = (await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data;
    expect(types.map((t: any) => t.sold)).toEqual([2, 2]);
    expect(ticketType.id).toBe(types[0].id);

    // JSON form; and the people above are now registered, so importing them again is refused.
    const again = await h.call('POST', `/api/v1/events/${event.id}/attendees/import`, { token, body: { csv } });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.errors.map((e: any) => [e.line, e.field])).toEqual([[2, 'e-mail'], [3, 'e-mail'], [4, 'e-mail'], [5, 'e-mail']]);
  });

  it('imports nothing from a malformed file and names every problem with line and field', async () => {
    const { event, token } = await buildPublishedEvent(h);
    const taken = buildPerson();
    await placeOrder(h, event.slug, { items: [{ ticketTypeId: (await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].id, quantity: 1 }], buyer: taken });
    const before = await count(event.id);
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    const file = Buffer.concat([
      utf8('first name,last name,email,ticket type\n'),
      utf8('Anna,Nowak,anna@example.com,Standard\n'),
      Buffer.from([0x50, 0x61, 0x77, 0xb3, 0x6f, 0x2c, 0x4b, 0x2c, 0x70, 0x40, 0x65, 0x78, 0x2e, 0x63, 0x6f, 0x6d, 0x2c, 0x53, 0x74, 0x61, 0x6e, 0x64, 0x61, 0x72, 0x64, 0x0a]), // "Pawło" in Windows-1250
      utf8('Anna,Kowalska,ANNA@example.com,Standard\n'),
      utf8('Jan,Kos,jan@example.com,Platinum\n'),
      utf8('Ewa,,not-an-email,Standard\n'),
      utf8(`Olga,Taken,${taken.email},Standard\n`),
    ]);
    const res = await postCsv(event.id, token, file);
    expect(res.statusCode, res.body).toBe(422);
    const errors = res.json().error.details.errors.map((e: any) => `${e.line} ${e.field}`);
    expect(errors).toEqual(['3 encoding', '4 e-mail', '5 ticket type', '6 last name', '6 e-mail', '7 e-mail']);
    expect(res.json().error.message).toContain('nothing was imported');
    expect(await count(event.id)).toBe(before);
    const status = (await h.call('GET', `/api/v1/imports/${res.json().error.details.importId}`, { token })).json();
    expect(status).toMatchObject({ status: 'failed', processed: 0 });
    expect(status.errors).toHaveLength(6);

    const missing = await postCsv(event.id, token, 'name,E-Mail\nAnna,anna@example.com\n');
    expect(missing.json().error.details.errors.map((e: any) => `${e.line} ${e.field}`)).toEqual(['1 first name', '1 last name', '1 ticket type']);
    expect(await count(event.id)).toBe(before);
  });

  it('respects capacity: a file that does not fit is refused whole, one that fits is taken', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h, { ticket: { capacity: 3 } });
    await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson() });
    const lines = (n: number) => ['first name,last name,e-mail,ticket type', ...Array.from({ length: n }, (_, i) => `P${i},L${i},cap-${i}-${event.id}@example.com,Standard`)].join('\n');
    const tooMany = await postCsv(event.id, token, lines(3));
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error.details.errors).toEqual([{ line: 4, field: 'ticket type', message: '"Standard" has 2 seats left; this file needs 3' }]);
    const fits = await postCsv(event.id, token, lines(2));
    expect(fits.statusCode, fits.body).toBe(201);
    expect((await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].sold).toBe(3);
    expect((await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson() })).json().error.code).toBe('sold_out');
  });

  it('names every problem of one malformed file at once: missing column, bad encoding, duplicate e-mails, unknown ticket type', async () => {
    const { event, token } = await buildPublishedEvent(h);
    const before = await count(event.id);
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    const file = Buffer.concat([
      utf8('First name;E-mail;Ticket type\n'.replaceAll(';', ',')), // no "last name" column
      utf8('Anna,anna@example.com,Standard\n'),
      Buffer.from('Pawe\xb3,pawel@example.com,Standard\n', 'latin1'), // "Paweł" saved in Windows-1250
      utf8('Anna,ANNA@example.com,Standard\n'),
      utf8('Jan,jan@example.com,Platinum\n'),
      utf8('Ewa,ewa@example,Standard\n'),
    ]);
    const res = await postCsv(event.id, token, file);
    expect(res.statusCode, res.body).toBe(422);
    const errors = res.json().error.details.errors;
    expect(errors.map((e: any) => `${e.line} ${e.field}`)).toEqual(['1 last name', '3 encoding', '4 e-mail', '5 ticket type', '6 e-mail']);
    expect(errors[0].message).toContain('"last name" column is missing');
    expect(errors[2].message).toContain('also on line 2');
    expect(errors[3].message).toContain('"Platinum" is not a ticket type of this event (known: Standard)');
    expect(errors[4].message).toContain('"ewa@example" is not a valid e-mail address');
    expect(res.json().error.message).toBe('5 problems found; nothing was imported');
    expect(await count(event.id)).toBe(before);
    expect((await h.call('GET', `/api/v1/events/${event.id}/orders`, { token })).json().data).toEqual([]);
  });

  it('refuses a UTF-16 file with one clear message', async () => {
    const { event, token } = await buildPublishedEvent(h);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('first name,last name,e-mail,ticket type\nAnna,Nowak,a@example.com,Standard\n', 'utf16le')]);
    const res = await postCsv(event.id, token, utf16);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([{ line: 1, field: 'encoding', message: expect.stringContaining('UTF-16') }]);
    expect(await count(event.id)).toBe(0);
  });

  it('registers imported attendees with the conference and shows their join links in the export', async () => {
    const { event, token } = await buildPublishedEvent(h);
    const conf = await h.call('PUT', `/api/v1/events/${event.id}/conference`, { token, body: { mode: 'generate' } });
    expect(conf.statusCode, conf.body).toBe(200);
    const csv = ['first name,last name,e-mail,ticket type,order group', `Olga,Buyer,olga-${event.id}@example.com,Standard,1`, `Kim,Companion,kim-${event.id}@example.com,Standard,1`, `Solo,Single,solo-${event.id}@example.com,Standard,`].join('\n');
    const res = await postCsv(event.id, token, csv);
    expect(res.statusCode, res.body).toBe(201);
    const regs = await waitFor(async () => {
      const r = (await h.call('GET', `/api/v1/events/${event.id}/registrations`, { token })).json();
      return r.summary.registered === 3 ? r : undefined;
    }, 90_000);
    expect(regs.summary).toMatchObject({ registered: 3, pending: 0, failed: 0 });
    const { parse } = await import('csv-parse/sync');
    const rows = parse((await h.call('GET', `/api/v1/events/${event.id}/attendees.csv`, { token })).rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatchObject({ 'order source': 'import', 'order status': 'completed', 'registration status': 'registered', 'join url': expect.stringMatching(/^https:\/\//) });
    expect(new Set(rows.map((r) => r['join url'])).size).toBe(1); // one Jitsi room for the event
    const family = rows.filter((r) => r['last name'] !== 'Single');
    expect(family.map((r) => [r['is buyer'], r['order id']])).toEqual([['yes', family[0]!['order id']], ['no', family[0]!['order id']]]);
    // Registration counts reach the dashboard too.
    expect((await h.call('GET', `/api/v1/events/${event.id}/stats`, { token })).json()).toMatchObject({ registrations: { registered: 3 }, attendees: { active: 3, orders: 2 } });
  }, 120_000);

  it('round-trips a bookable event: export rows (with slot start and order id) import into another event with the same slots', async () => {
    const start = new Date(Date.now() + 10 * 86400_000);
    start.setUTCHours(8, 0, 0, 0);
    const slot = (i: number) => ({ startsAt: new Date(start.getTime() + i * 3600_000).toISOString(), endsAt: new Date(start.getTime() + i * 3600_000 + 1800_000).toISOString(), capacity: 2 });
    const eventBody = { kind: 'bookable', startsAt: slot(0).startsAt, endsAt: slot(1).endsAt, sessions: [slot(0), slot(1)] };
    const a = await buildPublishedEvent(h, { event: eventBody });
    const slotsA = (await h.call('GET', `/api/v1/events/${a.event.id}/sessions`, { token: a.token })).json().data;
    const ann = buildPerson({ firstName: 'Ann' });
    const bob = buildPerson({ firstName: 'Bob' });
    const cy = buildPerson({ firstName: 'Cy' });
    expect((await placeOrder(h, a.event.slug, { items: [{ ticketTypeId: a.ticketType.id, quantity: 2, sessionId: slotsA[1].id }], buyer: ann, attendees: [ann, bob] })).statusCode).toBe(201);
    expect((await placeOrder(h, a.event.slug, { items: [{ ticketTypeId: a.ticketType.id, quantity: 1, sessionId: slotsA[0].id }], buyer: cy })).statusCode).toBe(201);
    const exported = (await h.call('GET', `/api/v1/events/${a.event.id}/attendees.csv`, { token: a.token })).rawPayload;
    const { parse } = await import('csv-parse/sync');
    const rows = parse(exported, { bom: true, columns: true }) as Record<string, string>[];
    // Slot starts in the event's zone (Warsaw), with offset.
    for (const r of rows) expect(r['session start']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\+0[12]:00$/);
    for (const r of rows) expect(Date.parse(r['session start']!)).toBe(Date.parse(r['first name'] === 'Cy' ? slot(0).startsAt : slot(1).startsAt));

    // Another organisation's event with the same slots takes the file as it is.
    const b = await buildPublishedEvent(h, { event: eventBody });
    const res = await postCsv(b.event.id, b.token, exported);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ total: 3, ordersCreated: 2 });
    const again = parse((await h.call('GET', `/api/v1/events/${b.event.id}/attendees.csv`, { token: b.token })).rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(again.map((r) => [r['first name'], r['session start'], r['is buyer']]).sort()).toEqual(rows.map((r) => [r['first name'], r['session start'], r['is buyer']]).sort());
    expect(new Set(again.filter((r) => r['first name'] !== 'Cy').map((r) => r['order id'])).size).toBe(1);

    // A slot that does not exist, a missing slot and a full slot are each named.
    const bad = ['first name,last name,e-mail,ticket type,session start',
      `X,Y,x-${b.event.id}@example.com,Standard,2020-01-01T10:00:00Z`,
      `Z,Y,z-${b.event.id}@example.com,Standard,`,
      `Q,Y,q-${b.event.id}@example.com,Standard,${slot(1).startsAt}`].join('\n');
    const refused = await postCsv(b.event.id, b.token, bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.errors.map((e: any) => `${e.line} ${e.field}`)).toEqual(['2 session start', '3 session start', '4 session start']);
    expect(refused.json().error.details.errors[2].message).toContain('0 seats left');
  });

  // Last: its hundred orders leave jobs (registrations, e-mails) that would delay the tests after it.
  it('runs a large file as a job whose progress is visible', async () => {
    const { event, token } = await buildPublishedEvent(h);
    const n = INLINE_IMPORT_LIMIT + 100;
    const csv = ['first name,last name,e-mail,ticket type,order group', ...Array.from({ length: n }, (_, i) => `F${i},L${i},big-${i}@example.com,Standard,g${Math.floor(i / 6)}`)].join('\n');
    const res = await postCsv(event.id, token, csv);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', total: n, processed: 0 });
    const done = await waitFor(async () => {
      const s = (await h.call('GET', `/api/v1/imports/${res.json().importId}`, { token })).json();
      return s.status === 'completed' || s.status === 'failed' ? s : undefined;
    });
    expect(done).toMatchObject({ status: 'completed', processed: n, total: n, ordersCreated: Math.ceil(n / 6) });
    expect(await count(event.id)).toBe(n);
  });

  // Deterministic: the import pauses after its first chunk's transaction has committed (no
  // transaction is open then, so on embedded PGlite too every other request is served).
  it('shows progress while a large import is still being written, and checkout goes on meanwhile', async () => {
    const { event, ticketType, token } = await buildPublishedEvent(h);
    const n = 1200; // twelve chunks of 100 attendees
    expect(IMPORT_CHUNK).toBe(100);
    const email = (i: number) => `prog-${i}-${event.id}@example.com`.toLowerCase();
    const csv = ['first name,last name,e-mail,ticket type', ...Array.from({ length: n }, (_, i) => `F${i},L${i},${email(i)},Standard`)].join('\n');
    const gate = pauseAfterFirstChunk();
    try {
      const res = await postCsv(event.id, token, csv);
      expect(res.statusCode, res.body).toBe(202);
      const importId = res.json().importId;
      const status = () => h.call('GET', `/api/v1/imports/${importId}`, { token }).then((r) => r.json());
      expect(await gate.paused).toEqual({ importId, processed: 100 });
      expect(await status()).toMatchObject({ status: 'running', processed: 100, total: n, ordersCreated: 100, finishedAt: null });
      expect(await count(event.id)).toBe(100);
      // All seats are already reserved for the import.
      expect((await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].sold).toBe(n);

      // A buyer is served while the import is mid-way...
      const buyer = buildPerson();
      const order = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer });
      expect(order.statusCode, order.body).toBe(201);
      // ...but cannot take a ticket for someone the import will still write.
      const twice = await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson({ email: email(1100) }) });
      expect(twice.statusCode, twice.body).toBe(409);
      expect(twice.json().error.code).toBe('duplicate_registrant');

      // A second run (another worker taking over) continues where the first stopped; the
      // paused run then finds the import completed and writes nothing.
      await runImport(h.ctx, importId);
      expect(await status()).toMatchObject({ status: 'completed', processed: n, ordersCreated: n });
      gate.release();
      await waitFor(async () => (await h.ctx.database.pool.query(`SELECT 1 FROM attendee_imports WHERE id = $1 AND plan IS NULL AND csv IS NULL`, [importId])).rowCount === 1);
      expect(await count(event.id)).toBe(n + 1);
      const dupes = await h.ctx.database.pool.query(`SELECT email FROM attendees WHERE event_id = $1 GROUP BY email HAVING count(*) > 1`, [event.id]);
      expect(dupes.rows).toEqual([]);
      expect((await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].sold).toBe(n + 1);
    } finally {
      gate.release();
      importHooks.afterChunk = undefined;
    }
  }, 180_000);

  it('resumes after the worker dies between chunks: every attendee exactly once', async () => {
    const { event, token } = await buildPublishedEvent(h);
    const n = 1100; // orders of three: chunks of 102 attendees (34 orders), the last of 80
    const csv = ['first name,last name,e-mail,ticket type,order group', ...Array.from({ length: n }, (_, i) => `F${i},L${i},crash-${i}-${event.id}@example.com,Standard,g${Math.floor(i / 3)}`)].join('\n');
    const seen: number[] = [];
    importHooks.afterChunk = (_id, processed) => {
      seen.push(processed);
      if (seen.length === 1) throw new Error('simulated crash between chunks');
    };
    try {
      const res = await postCsv(event.id, token, csv);
      expect(res.statusCode, res.body).toBe(202);
      const importId = res.json().importId;
      // pg-boss retries the failed job; it continues after the first chunk.
      const done = await waitFor(async () => {
        const s = (await h.call('GET', `/api/v1/imports/${importId}`, { token })).json();
        return s.status === 'completed' || s.status === 'failed' ? s : undefined;
      }, 120_000);
      const orders = Math.ceil(n / 3);
      expect(done).toMatchObject({ status: 'completed', processed: n, total: n, ordersCreated: orders, errors: [] });
      // The crash came after the first chunk; the retry went on from there (no chunk twice).
      expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => 102 * (i + 1)));
      const q = (sql: string) => h.ctx.database.pool.query(sql, [event.id]).then((r) => r.rows[0]);
      expect(await q(`SELECT count(*)::int AS n, count(DISTINCT email)::int AS emails FROM attendees WHERE event_id = $1`)).toEqual({ n, emails: n });
      expect(await q(`SELECT count(*)::int AS n FROM orders WHERE event_id = $1 AND source = 'import'`)).toEqual({ n: orders });
      expect(await q(`SELECT count(*)::int AS n, count(DISTINCT d.aggregate_id)::int AS distinct FROM domain_events d JOIN orders o ON o.id = d.aggregate_id WHERE o.event_id = $1 AND d.type = 'order.completed'`)).toEqual({ n: orders, distinct: orders });
      expect(await q(`SELECT reserved FROM events WHERE id = $1`)).toEqual({ reserved: n });
      expect((await h.call('GET', `/api/v1/events/${event.id}/ticket-types`, { token })).json().data[0].sold).toBe(n);
      // Running it again changes nothing.
      await runImport(h.ctx, importId);
      expect(await count(event.id)).toBe(n);
    } finally {
      importHooks.afterChunk = undefined;
    }
  }, 180_000);
});
