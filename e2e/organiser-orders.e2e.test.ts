// End-to-end check of the organiser's dashboard, orders and attendees pages in a real browser
// (Debian's Chromium through playwright-core). Data is set up through the API (test/factories):
// an event with a manual-payment ticket type, a free one, and a few orders. The organiser then
// reads the dashboard, confirms a manual payment, cancels one attendee, refunds an order (partly,
// then the rest), downloads the CSV export and imports a CSV (first with an error, then valid).
// Screenshots of every screen in every language go to e2e/screenshots/ (not committed).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, shots, ensureWebBuilt, launchChromium } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent, buildOrganization, buildPerson, buildTicketType, placeOrder } from '../test/factories.js';
import type { Harness } from '../test/helpers/api.js';
import { startListeningHarness } from '../test/helpers/payments.js';
import { startZoomEmulator, type ZoomEmulator } from '../test/emulators/zoom/zoom-emulator.js';

const LANGUAGES = ['en', 'pl', 'ja', 'ru', 'ko'] as const;

async function ok(res: { statusCode: number; body: string; json(): any }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

describe.skipIf(!hasChromium)('organiser dashboard, orders and attendees (browser)', () => {
  let h: Harness;
  let zoom: ZoomEmulator;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let org: Awaited<ReturnType<typeof buildOrganization>>;
  let eventId: string;
  let standardId: string;
  const people = { anna: buildPerson({ firstName: 'Anna', lastName: 'Nowak' }), bob: buildPerson({ firstName: 'Bob', lastName: 'Brown' }), bea: buildPerson({ firstName: 'Bea', lastName: 'Brown' }), cara: buildPerson({ firstName: 'Cara', lastName: 'Clark' }), finn: buildPerson({ firstName: 'Finn', lastName: 'Free' }) };
  const orderIds: Record<'anna' | 'bob' | 'cara' | 'finn', string> = { anna: '', bob: '', cara: '', finn: '' };

  beforeAll(async () => {
    ensureWebBuilt();
    zoom = await startZoomEmulator();
    ({ h, url } = await startListeningHarness({ SERVE_WEB: 'true', ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '5000' }));

    // Set-up through the API: a manual-payment ticket type (25 PLN, 20 seats) and a free one.
    org = await buildOrganization(h, { organizationName: 'Orders & Co' });
    const event = await buildEvent(h, org.token, { title: 'Payments Workshop', paymentMethods: ['manual'] });
    eventId = event.id;
    standardId = (await buildTicketType(h, org.token, eventId, { name: 'Standard', price: { amount: 2500, currency: 'PLN' }, capacity: 20 })).id;
    const communityId = (await buildTicketType(h, org.token, eventId, { name: 'Community', price: { amount: 0, currency: 'PLN' }, capacity: 10 })).id;
    await ok(await h.call('POST', `/api/v1/events/${eventId}/publish`, { token: org.token }));

    const order = async (buyer: typeof people.anna, ticketTypeId: string, attendees: (typeof people.anna)[], paymentMethod: string) => {
      const res = await placeOrder(h, event.slug, { items: [{ ticketTypeId, quantity: attendees.length }], buyer, attendees, paymentMethod });
      return (await ok(res, 201)).order.id as string;
    };
    orderIds.anna = await order(people.anna, standardId, [people.anna], 'manual'); // stays on hold: confirmed in the browser
    orderIds.bob = await order(people.bob, standardId, [people.bob, people.bea], 'manual');
    orderIds.cara = await order(people.cara, standardId, [people.cara], 'manual');
    orderIds.finn = await order(people.finn, communityId, [people.finn], 'free');
    for (const id of [orderIds.bob, orderIds.cara]) await ok(await h.call('POST', `/api/v1/orders/${id}/confirm`, { token: org.token, body: {} }));

    fs.mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Warsaw', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await zoom?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(shots, `organiser-${name}.png`), fullPage: true });
  /** Text with every run of white space (Intl puts no-break spaces in money) as one space. */
  const text = async (l: ReturnType<Page['locator']>) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const row = (testId: string, text: string) => page.getByTestId(testId).getByRole('row').filter({ hasText: text });

  it('logs in and reads the dashboard: sold figures per ticket type, revenue and the chart', async () => {
    await page.goto(`${url}/login?next=${encodeURIComponent(`/app/events/${eventId}/dashboard`)}`);
    await page.getByLabel('E-mail').fill(org.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(org.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`**/app/events/${eventId}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByTestId('section-event-title').getByText('Payments Workshop').waitFor();

    // Standard: Bob + Bea + Cara paid (3 sold), Anna on hold (1 awaiting payment); Community: Finn.
    await page.getByTestId('ticket-type-stats').waitFor();
    await page.getByTestId('revenue-table').waitFor();
    const standard = row('ticket-type-stats', 'Standard');
    expect(await standard.getByRole('cell').allTextContents()).toEqual(['3', '1', '20', '16']);
    expect(await row('ticket-type-stats', 'Community').getByRole('cell').allTextContents()).toEqual(['1', '0', '10', '9']);
    expect(await page.getByTestId('card-sold').textContent()).toContain('4');
    expect(await page.getByTestId('orders-on_hold').textContent()).toBe('1');
    expect(await page.getByTestId('orders-completed').textContent()).toBe('3');
    // Revenue in PLN: 3 × 25 zł gross, formatted for en-GB.
    expect(await row('revenue-table', 'PLN').getByRole('cell').first().textContent()).toBe('3');
    expect(await text(row('revenue-table', 'PLN'))).toContain('PLN 75.00');

    // The chart: an SVG image with an accessible summary and today's bar of 4 tickets.
    const chart = page.getByTestId('sales-chart');
    await chart.locator('svg[role="img"]').waitFor();
    expect(await chart.locator('svg').getAttribute('aria-label')).toMatch(/4 tickets in total/);
    const bars = chart.getByTestId('sales-bar');
    expect(await bars.count()).toBeGreaterThanOrEqual(1);
    expect(await bars.last().getAttribute('data-tickets')).toBe('4');
    expect(await bars.last().locator('rect').count()).toBe(1);
    expect(await page.getByText('No conference registrations').count()).toBe(1);
    await shot('dashboard-en');
  });

  it('confirms a manual payment from the order page, with the transition history', async () => {
    await page.getByTestId('event-section-nav').getByRole('link', { name: 'Orders' }).click();
    await page.waitForURL(`**/app/events/${eventId}/orders`);
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    await page.getByTestId('orders-table').waitFor();
    expect(await page.getByTestId('orders-table').getByRole('row').count()).toBe(5); // header + 4
    expect(await row('orders-table', 'Anna Nowak').getByTestId('order-status').textContent()).toBe('On hold');
    await shot('orders-en');

    // The notice filters to the orders waiting for a confirmation.
    await page.getByTestId('on-hold-notice').getByRole('button').click();
    await page.waitForURL(/status=on_hold/);
    await page.getByText('Orders shown: 1').waitFor();

    await page.getByRole('link', { name: 'Open the order of Anna Nowak' }).click();
    await page.waitForURL(`**/orders/${orderIds.anna}`);
    await page.getByRole('heading', { level: 1, name: 'Order of Anna Nowak' }).waitFor();
    expect(await page.getByTestId('payment-status').textContent()).toBe('Unpaid');
    await page.getByTestId('confirm-order').click();
    await page.getByText('Payment confirmed.').waitFor();
    await page.getByTestId('order-status').getByText('Completed').waitFor();
    expect(await page.getByTestId('payment-status').textContent()).toBe('Paid');
    const history = await page.getByTestId('order-history').locator('.mantine-Timeline-itemTitle').allTextContents();
    expect(history).toEqual(['Created as Awaiting payment', 'Awaiting payment → On hold', 'On hold → Completed']);
    expect(await page.getByTestId('order-history').textContent()).toContain('Organiser');
    // Foyer's own reasons are localised: "payment confirmed by organiser" from the server.
    expect(await page.getByTestId('order-history').textContent()).toContain('Payment confirmed by an organiser');
    expect(await h.call('GET', `/api/v1/orders/${orderIds.anna}`, { token: org.token }).then((r) => r.json().status)).toBe('completed');
  });

  it('cancels one attendee of an order with a companion', async () => {
    await page.goto(`${url}/app/events/${eventId}/orders/${orderIds.bob}`);
    await page.getByRole('heading', { level: 1, name: 'Order of Bob Brown' }).waitFor();
    await page.getByTestId('order-attendees').waitFor();
    const bea = page.getByTestId('order-attendees').locator(`tr[data-attendee-email="${people.bea.email}"]`);
    expect(await bea.getByTestId('ticket-status').textContent()).toBe('Valid');
    await bea.getByRole('button', { name: 'Cancel the ticket of Bea Brown' }).click();
    await page.getByRole('dialog', { name: 'Cancel the ticket of Bea Brown?' }).waitFor();
    await page.getByTestId('confirm-cancel-attendee').click();
    await page.getByText('Ticket cancelled.').waitFor();
    await bea.getByTestId('ticket-status').getByText('Cancelled').waitFor();
    const bob = page.getByTestId('order-attendees').locator(`tr[data-attendee-email="${people.bob.email}"]`);
    expect(await bob.getByTestId('ticket-status').textContent()).toBe('Valid');
    const attendees = (await ok(await h.call('GET', `/api/v1/orders/${orderIds.bob}`, { token: org.token }))).attendees;
    expect(attendees.map((a: any) => [a.email, a.status])).toEqual([
      [people.bob.email, 'active'],
      [people.bea.email, 'cancelled'],
    ]);
  });

  it('refunds part of an order (amount in major units), then the rest', async () => {
    await page.goto(`${url}/app/events/${eventId}/orders/${orderIds.cara}`);
    await page.getByRole('heading', { level: 1, name: 'Order of Cara Clark' }).waitFor();
    await page.getByTestId('refund-order').click();
    const dialog = page.getByRole('dialog', { name: 'Refund this order' });
    await dialog.waitFor();
    await dialog.getByLabel('Partial refund').check();
    // More than the order's 25 zł is refused in the form.
    await dialog.getByLabel('Amount (PLN)').fill('30');
    await dialog.getByTestId('submit-refund').click();
    await dialog.getByText('Enter an amount between PLN 0.01 and PLN 25.00.').waitFor();
    await dialog.getByLabel('Amount (PLN)').fill('10.50');
    expect(await text(dialog.getByTestId('submit-refund'))).toBe('Refund PLN 10.50');
    await dialog.getByTestId('submit-refund').click();
    await page.getByText('Refund issued: PLN 10.50.').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('order-status').getByText('Partially refunded').waitFor();
    expect(await text(page.getByTestId('order-refunded'))).toBe('−PLN 10.50');
    await shot('order-detail-en');

    await page.getByTestId('refund-order').click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('Full refund (PLN 14.50)').isChecked()).toBe(true);
    await dialog.getByTestId('submit-refund').click();
    await page.getByText('Refund issued: PLN 14.50.').waitFor();
    await page.getByTestId('order-status').getByText('Refunded').waitFor();
    expect(await page.getByTestId('refund-order').count()).toBe(0);
    const detail = await ok(await h.call('GET', `/api/v1/orders/${orderIds.cara}`, { token: org.token }));
    expect(detail).toMatchObject({ status: 'refunded', refunded: { amount: 2500, currency: 'PLN' } });
    expect(detail.refunds.map((r: any) => r.amount.amount)).toEqual([1050, 1450]);
  });

  it('downloads the CSV export with the chosen options', async () => {
    await page.goto(`${url}/app/events/${eventId}/attendees`);
    await page.getByRole('heading', { level: 1, name: 'Attendees' }).waitFor();
    // Anna (confirmed), Bob and Bea (her ticket cancelled), Finn; Cara's order is refunded.
    await page.getByText('Attendees shown: 4').waitFor();
    expect(await page.getByTestId('attendees-table').locator(`tr[data-attendee-email="${people.bea.email}"]`).textContent()).toContain('Cancelled');
    await page.getByLabel('Include unpaid orders').check();
    await page.getByLabel('Include billing details').check();
    expect(await page.getByTestId('export-csv').getAttribute('href')).toBe(`/api/v1/events/${eventId}/attendees.csv?includeUnpaid=true&includeBilling=true`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^attendee id,first name,last name,e-mail,/);
    expect(lines[0]).toContain('payment status');
    for (const p of [people.anna, people.bob, people.finn]) expect(csv).toContain(p.email);
    expect(csv).not.toContain(people.cara.email);
    await shot('attendees-en');
  });

  it('imports a CSV: a bad line is reported with its line and field, then a valid file is imported', async () => {
    const fileInput = page.locator('input[type="file"]');
    const bad = ['first name,last name,email,ticket type', 'Gina,Green,gina@example.com,Standard', 'Hugo,Hill,not-an-email,Standard'].join('\n');
    await fileInput.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByTestId('import-submit').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const cells = await errors.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells[0]).toBe('3');
    expect(cells[1]!.toLowerCase()).toContain('mail');
    await shot('import-errors-en');
    expect(await page.getByText('Attendees shown: 4').count()).toBe(1); // all-or-nothing: nobody added

    const good = ['first name,last name,email,ticket type', 'Gina,Green,gina@example.com,Standard', 'Hugo,Hill,hugo@example.com,Community'].join('\n');
    await fileInput.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('import-submit').click();
    const progress = page.getByTestId('import-progress');
    await progress.getByText('Import complete: 2 attendees in 2 orders.').waitFor();
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await errors.count()).toBe(0);
    await page.getByText('Attendees shown: 6').waitFor();
    for (const email of ['gina@example.com', 'hugo@example.com']) await page.getByTestId('attendees-table').locator(`tr[data-attendee-email="${email}"]`).waitFor();
    await shot('import-done-en');

    // The dashboard follows: Standard 3 sold (Anna, Bob, Gina), Community 2 (Finn, Hugo).
    await page.getByTestId('event-section-nav').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByTestId('ticket-type-stats').waitFor();
    await expect.poll(() => row('ticket-type-stats', 'Standard').getByRole('cell').allTextContents(), { timeout: 20_000 }).toEqual(['3', '0', '20', '17']);
    await expect.poll(() => row('ticket-type-stats', 'Community').getByRole('cell').allTextContents(), { timeout: 20_000 }).toEqual(['2', '0', '10', '8']);
    expect(await text(row('revenue-table', 'PLN'))).toContain('PLN 25.00'); // refunded 25.00 too
  });

  it('follows a physical→hybrid conversion: registration progress, a failure with retry, drift repaired, resend to all', async () => {
    // An in-person event with six attendees, then converted to hybrid with a generated Zoom meeting.
    const ev = await buildEvent(h, org.token, { title: 'Hall B Meetup', format: 'in_person', venue: 'Hall B', paymentMethods: ['free'] });
    const tt = await buildTicketType(h, org.token, ev.id, { name: 'Seat', price: { amount: 0, currency: 'PLN' }, capacity: 50 });
    await ok(await h.call('POST', `/api/v1/events/${ev.id}/publish`, { token: org.token }));
    await ok(await h.call('PUT', '/api/v1/integrations/zoom', { token: org.token, body: zoom.credentials }));
    const guests = Array.from({ length: 6 }, (_, i) => buildPerson({ firstName: `Guest${i + 1}`, lastName: 'Hall' }));
    for (const g of guests) await ok(await placeOrder(h, ev.slug, { items: [{ ticketTypeId: tt.id, quantity: 1 }], buyer: g, attendees: [g], paymentMethod: 'free' }), 201);
    await ok(await h.call('PATCH', `/api/v1/events/${ev.id}`, { token: org.token, body: { format: 'hybrid' } }));

    // Zoom refuses the batch (Foyer falls back to one call per attendee), refuses the first
    // registrant for good and answers the others slowly, so the bulk work is visibly in progress.
    const batch = /\/meetings\/\d+\/batch_registrants$/;
    const single = /\/meetings\/\d+\/registrants$/;
    zoom.setFault({ kind: 'error', status: 400, body: { code: 300, message: 'Batch refused.' }, method: 'POST', path: batch });
    zoom.setFault({ kind: 'error', status: 400, body: { code: 300, message: 'Invalid field.' }, method: 'POST', path: single, times: 1 });
    zoom.setFault({ kind: 'delay', ms: 1500, method: 'POST', path: single });
    const conf = (await ok(await h.call('PUT', `/api/v1/events/${ev.id}/conference`, { token: org.token, body: { provider: 'zoom', mode: 'generate', kind: 'meeting' } }))).data[0];

    await page.goto(`${url}/app/events/${ev.id}/dashboard`);
    const progress = page.getByTestId('sync-progress');
    await progress.getByText(/^Registering attendees with the conference: \d of 6$/).waitFor({ timeout: 30_000 });
    await shot('dashboard-sync-progress-en');

    // The failure, with Zoom's own message, and a retry once Zoom accepts it.
    const failed = page.getByTestId('failed-registrations');
    await failed.waitFor({ timeout: 60_000 });
    await failed.getByText('Invalid field.', { exact: false }).waitFor();
    await progress.getByText('Registering attendees with the conference: 5 of 6').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('sync-failed').textContent()).toBe('1');
    await shot('dashboard-sync-failed-en');
    zoom.clearFaults();
    await page.getByTestId('retry-all').click();
    await page.getByText('Registrations being retried: 1').waitFor();
    await progress.getByText('All 6 attendees are registered with the conference.').waitFor({ timeout: 60_000 });
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await failed.count()).toBe(0);

    // Someone removes a registrant in Zoom; reconciliation reports it and the organiser repairs it.
    zoom.portal.cancelRegistrant(Number(conf.externalId), guests[2]!.email);
    await ok(await h.call('POST', `/api/v1/events/${ev.id}/conferences/${conf.id}/reconcile`, { token: org.token }));
    await page.reload();
    const drift = page.getByTestId('drift-table');
    await drift.waitFor();
    await drift.getByText('Registrant missing at the provider').waitFor();
    await drift.getByText(guests[2]!.email).waitFor();
    await shot('dashboard-drift-en');
    await page.getByTestId('repair-all').click();
    await page.getByText('Changes repaired: 1').waitFor();
    await page.getByText('Foyer and the conference provider agree: nothing to repair.').waitFor();
    const approved = () => [...zoom.state.registrants.values()].filter((r) => String(r.conferenceId) === String(conf.externalId) && r.status === 'approved' && r.email === guests[2]!.email).length;
    await expect.poll(approved, { timeout: 30_000 }).toBe(1);

    // Resend the ticket e-mail to everyone: the progress follows the outgoing mailbox.
    await page.getByTestId('resend-all').click();
    await page.getByTestId('confirm-resend-all').click();
    const resend = page.getByTestId('resend-progress');
    await resend.getByText('All 6 e-mails have been sent to the mailbox.').waitFor({ timeout: 60_000 });
    await shot('dashboard-bulk-en');
    const mails = (await ok(await h.call('GET', `/api/v1/emails?eventId=${ev.id}&templateKey=order_confirmation&limit=100`, { token: org.token }))).data;
    expect(mails.length).toBeGreaterThanOrEqual(12); // six at purchase, six resent
  });

  it('rejects a manual payment with a reason, cancels a whole order and resends one ticket e-mail', async () => {
    const slug = (await ok(await h.call('GET', `/api/v1/events/${eventId}`, { token: org.token }))).slug as string;
    const dan = buildPerson({ firstName: 'Dan', lastName: 'Doe' });
    const eve = buildPerson({ firstName: 'Eve', lastName: 'Evans' });
    const danOrder = (await ok(await placeOrder(h, slug, { items: [{ ticketTypeId: standardId, quantity: 1 }], buyer: dan, attendees: [dan], paymentMethod: 'manual' }), 201)).order.id;
    const eveOrder = (await ok(await placeOrder(h, slug, { items: [{ ticketTypeId: standardId, quantity: 1 }], buyer: eve, attendees: [eve], paymentMethod: 'manual' }), 201)).order.id;
    await ok(await h.call('POST', `/api/v1/orders/${eveOrder}/confirm`, { token: org.token, body: {} }));

    // Reject Dan's transfer with a reason: the order is cancelled and the reason is in the history.
    await page.goto(`${url}/app/events/${eventId}/orders/${danOrder}`);
    await page.getByRole('heading', { level: 1, name: 'Order of Dan Doe' }).waitFor();
    await page.getByTestId('reject-order').click();
    const reject = page.getByRole('dialog', { name: 'Reject this order?' });
    await reject.getByLabel('Reason').fill('No transfer arrived');
    await reject.getByTestId('confirm-order-action').click();
    await page.getByText('Order rejected.').waitFor();
    await page.getByTestId('order-status').getByText('Cancelled').waitFor();
    expect(await page.getByTestId('order-history').textContent()).toContain('No transfer arrived');
    expect(await page.getByTestId('confirm-order').count()).toBe(0);

    // Cancel Eve's paid order as a whole: every ticket is cancelled, the refund stays separate.
    await page.goto(`${url}/app/events/${eventId}/orders/${eveOrder}`);
    await page.getByRole('heading', { level: 1, name: 'Order of Eve Evans' }).waitFor();
    await page.getByTestId('cancel-order').click();
    await page.getByRole('dialog', { name: 'Cancel the whole order?' }).getByTestId('confirm-order-action').click();
    await page.getByText('Order cancelled.').waitFor();
    await page.getByTestId('order-status').getByText('Cancelled').waitFor();
    await page.getByTestId('order-attendees').getByTestId('ticket-status').getByText('Cancelled').waitFor();
    await page.getByTestId('refund-order').waitFor(); // paid once: still refundable
    const after = await ok(await h.call('GET', `/api/v1/orders/${eveOrder}`, { token: org.token }));
    expect([after.status, after.attendees.map((a: any) => a.status)]).toEqual(['cancelled', ['cancelled']]);

    // Resend Bob's ticket e-mail from his order.
    const bobId = (await ok(await h.call('GET', `/api/v1/orders/${orderIds.bob}`, { token: org.token }))).attendees[0].id as string;
    const ticketMails = async () => (await ok(await h.call('GET', `/api/v1/emails?attendeeId=${bobId}&templateKey=order_confirmation`, { token: org.token }))).data.length as number;
    const before = await ticketMails();
    await page.goto(`${url}/app/events/${eventId}/orders/${orderIds.bob}`);
    await page.getByRole('heading', { level: 1, name: 'Order of Bob Brown' }).waitFor();
    await page.getByRole('button', { name: 'Resend e-mails to Bob Brown' }).click();
    await page.getByRole('menuitem', { name: 'Ticket e-mail' }).click();
    await page.getByText(`E-mail sent again to ${people.bob.email}.`).waitFor();
    expect(await ticketMails()).toBe(before + 1);
  });

  it('shows every screen in each language (screenshots under e2e/screenshots/)', async () => {
    const screens: [string, string, string][] = [
      ['dashboard', `/app/events/${eventId}/dashboard`, 'sales-chart'],
      ['orders', `/app/events/${eventId}/orders`, 'orders-table'],
      ['order-detail', `/app/events/${eventId}/orders/${orderIds.cara}`, 'order-history'],
      ['attendees', `/app/events/${eventId}/attendees`, 'attendees-table'],
    ];
    const expectedHeading: Record<(typeof LANGUAGES)[number], string> = { en: 'Dashboard', pl: 'Pulpit', ja: 'ダッシュボード', ru: 'Сводка', ko: '대시보드' };
    for (const lng of LANGUAGES) {
      await page.evaluate((l) => localStorage.setItem('foyer.language', l), lng);
      for (const [name, to, testId] of screens) {
        await page.goto(`${url}${to}`);
        await page.getByTestId(testId).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lng);
        if (name === 'dashboard') await page.getByRole('heading', { level: 1, name: expectedHeading[lng] }).waitFor();
        await shot(`${name}-${lng}`);
      }
    }
    // A phone-sized dashboard and order page.
    await page.evaluate(() => localStorage.setItem('foyer.language', 'pl'));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${url}/app/events/${eventId}/dashboard`);
    await page.getByTestId('sales-chart').waitFor();
    await shot('dashboard-phone-pl');
    await page.goto(`${url}/app/events/${eventId}/orders/${orderIds.bob}`);
    await page.getByTestId('order-history').waitFor();
    await shot('order-detail-phone-pl');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  });
});
