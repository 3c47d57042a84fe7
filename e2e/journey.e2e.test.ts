// The main journey of issue 6 in a real browser (Debian's Chromium through playwright-core) against
// the Zoom emulator: the organiser signs up, connects Zoom, creates an online event with a paid
// ticket type, a promo code and an auto-generated Zoom webinar, and publishes it; a buyer with a
// companion buys on the public page with the promo code and manual payment; the organiser confirms
// the order; buyer and companion each get their own join link (ticket page, e-mail, Zoom
// registrant); the organiser moves the event by an hour and the webinar and the attendees follow;
// finally the organiser refunds the order and the Zoom registrations are cancelled.
// Screenshots go to e2e/screenshots/journey-*.png. Skipped where /usr/bin/chromium is missing.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, shots, ensureWebBuilt, launchChromium, until, pickDateTime } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../test/emulators/zoom/zoom-emulator.js';
import { startTestServer } from '../test/helpers/server.js';

const VIEWER_ZONE = 'Europe/Warsaw';

/** Intl puts no-break spaces into money ("PLN\u00a049.00"); compare with plain spaces. */
const norm = (s: string | null) => (s ?? '').replace(/\s/g, ' ');
/** Wall-clock hour and minute of an instant in a zone, e.g. "18:00". */
const hhmm = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));

/** Changes only the hour of a date-time picker that already holds a value. */
async function setHour(page: Page, scope: ReturnType<Page['locator']>, label: string, hours: string): Promise<void> {
  await scope.getByRole('button', { name: label, exact: true }).click();
  const dropdown = page.locator('.mantine-Popover-dropdown').filter({ has: page.locator('table') });
  await dropdown.getByRole('spinbutton', { name: 'Hours' }).fill(hours);
  await dropdown.getByRole('button', { name: 'Confirm date and time' }).click();
  await dropdown.waitFor({ state: 'hidden' });
}

describe.skipIf(!hasChromium)('main journey: organiser → buyer with a companion → confirm → move → refund (browser)', () => {
  let server: { url: string; close(): Promise<void> };
  let zoom: ZoomEmulator;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    zoom = await startZoomEmulator();
    server = await startTestServer({ env: { ZOOM_OAUTH_URL: zoom.url, ZOOM_TIMEOUT_MS: '5000' } });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await zoom?.close();
  });

  it('sells a webinar ticket with a companion, confirms it, moves the event and refunds it', async () => {
    const orgContext = await browser.newContext({ locale: 'en-GB', timezoneId: VIEWER_ZONE, viewport: { width: 1280, height: 900 } });
    const org = await orgContext.newPage();
    const buyerContext = await browser.newContext({ locale: 'en-GB', timezoneId: VIEWER_ZONE, viewport: { width: 390, height: 844 } });
    const buyerPage = await buyerContext.newPage();
    const pageErrors: string[] = [];
    org.on('pageerror', (e) => pageErrors.push(`organiser: ${e.message}`));
    buyerPage.on('pageerror', (e) => pageErrors.push(`buyer: ${e.message}`));
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `journey-${name}.png`), fullPage: true });
    const api = async (p: string) => {
      const res = await org.request.get(`${server.url}${p}`);
      expect(res.status(), await res.text()).toBe(200);
      return res.json();
    };

    // 1. The organiser signs up.
    await org.goto(`${server.url}/signup`);
    await org.getByLabel('Your name').fill('Olga Organiser');
    await org.getByLabel('E-mail').fill(`olga-${Date.now()}@example.com`);
    await org.getByRole('textbox', { name: 'Password' }).fill('correct horse battery');
    await org.getByLabel('Organisation name').fill('Journey Events');
    await org.getByRole('button', { name: 'Create account' }).click();
    await org.waitForURL('**/app/events');

    // 2. Settings → Integrations: connect Zoom and choose the host of generated conferences.
    await org.goto(`${server.url}/app/settings/integrations`);
    const zoomCard = org.getByTestId('zoom-card');
    await zoomCard.getByText('Not connected').waitFor();
    await zoomCard.getByRole('textbox', { name: 'Account ID' }).fill(zoom.credentials.accountId);
    await zoomCard.getByRole('textbox', { name: 'Client ID' }).fill(zoom.credentials.clientId);
    await zoomCard.getByLabel('Client secret').fill(zoom.credentials.clientSecret);
    await zoomCard.getByRole('button', { name: 'Connect Zoom' }).click();
    await zoomCard.getByText('Connected', { exact: true }).waitFor();
    await zoomCard.getByTestId('zoom-fetch-users').click();
    await zoomCard.getByTestId('zoom-users').waitFor();
    await zoomCard.getByRole('radio', { name: 'Generated meetings are hosted by owner@example.com' }).check();
    await zoomCard.getByTestId('zoom-save-hosts').click();
    await org.getByText('The hosts were saved.').waitFor();

    // 3. A single online event next month, 18:00.
    await org.goto(`${server.url}/app/events/new`);
    const title = `Journey webinar ${Date.now()}`;
    await org.getByRole('textbox', { name: 'Title' }).fill(title);
    await org.getByRole('radio', { name: 'Single' }).check();
    await org.getByRole('radio', { name: 'Online' }).check();
    await pickDateTime(org, 'Starts', 15, '18', '00');
    await org.getByRole('button', { name: 'Create event' }).click();
    await org.waitForURL(/\/app\/events\/[^/?]+$/);
    await org.getByRole('heading', { level: 1, name: title }).waitFor();
    const eventUrl = org.url();
    const eventId = eventUrl.split('/').pop()!;

    // Tickets: PLN 49.00, paid by bank transfer (the event's manual payment method).
    await org.getByTestId('editor-tab-tickets').click();
    await org.getByTestId('ticket-add').click();
    const ticketDialog = org.getByRole('dialog');
    await ticketDialog.getByTestId('ticket-name').fill('Standard');
    await ticketDialog.getByTestId('ticket-currency').click();
    await org.getByRole('option', { name: 'PLN', exact: true }).click();
    await ticketDialog.getByTestId('ticket-price').fill('49');
    await ticketDialog.getByTestId('ticket-capacity').fill('100');
    await ticketDialog.getByTestId('ticket-save').click();
    await ticketDialog.waitFor({ state: 'hidden' });
    await org.getByTestId('tickets-edit-table').getByRole('row').filter({ hasText: 'Standard' }).waitFor();

    // Promo code: 10 % off.
    await org.getByTestId('editor-tab-promo').click();
    await org.getByTestId('promo-add').click();
    const promoDialog = org.getByRole('dialog');
    await promoDialog.getByTestId('promo-code').fill('JOURNEY10');
    await promoDialog.getByTestId('promo-percent').fill('10');
    await promoDialog.getByTestId('promo-save').click();
    await promoDialog.waitFor({ state: 'hidden' });
    await org.getByTestId('promo-table').getByRole('row').filter({ hasText: 'JOURNEY10' }).waitFor();

    // Conference: an auto-generated Zoom webinar.
    await org.getByTestId('editor-tab-conference').click();
    const confForm = org.getByTestId('conference-form');
    await confForm.waitFor();
    await confForm.getByText('Zoom', { exact: true }).click();
    await confForm.getByTestId('mode-generate').check();
    await confForm.getByTestId('kind-webinar').check();
    await confForm.getByTestId('conference-save').click();
    const card = org.getByTestId('conference-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('Webinar');
    await until(() => zoom.state.webinars.size === 1, 60_000, 'webinar generated');
    const webinar = [...zoom.state.webinars.values()][0]!;
    expect(String(webinar.id)).toBe((await card.getByTestId('conference-external-id').textContent())!.trim());
    expect(webinar.topic).toBe(title);
    const created = await api(`/api/v1/events/${eventId}`);
    expect(new Date(webinar.start_time!).toISOString()).toBe(new Date(created.startsAt).toISOString());
    await shot(org, 'editor-conference');

    // Publish from the overview.
    await org.getByTestId('editor-tab-overview').click();
    await org.getByTestId('publish-event').click();
    await org.getByText('The event is published and on sale.').waitFor();
    const published = await api(`/api/v1/events/${eventId}`);
    expect(published.status).toBe('published');
    const slug = published.slug as string;

    // 4. The buyer buys two tickets (herself and a companion) with the promo code, paying manually.
    const stamp = Date.now();
    const buyer = { firstName: 'Ada', lastName: 'Lovelace', email: `ada-${stamp}@example.com` };
    const companion = { firstName: 'Charles', lastName: 'Babbage', email: `charles-${stamp}@example.com` };
    await buyerPage.goto(`${server.url}/e/${slug}`);
    await buyerPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await shot(buyerPage, 'event-page');
    await buyerPage.getByTestId('get-tickets').click();
    await buyerPage.waitForURL('**/checkout');
    await buyerPage.getByRole('combobox', { name: 'Quantity: Standard' }).selectOption('2');
    await buyerPage.getByTestId('companion').waitFor();
    await buyerPage.getByTestId('buyer.firstName').fill(buyer.firstName);
    await buyerPage.getByTestId('buyer.lastName').fill(buyer.lastName);
    await buyerPage.getByTestId('buyer.email').fill(buyer.email);
    await buyerPage.getByTestId('companions.0.firstName').fill(companion.firstName);
    await buyerPage.getByTestId('companions.0.lastName').fill(companion.lastName);
    await buyerPage.getByTestId('companions.0.email').fill(companion.email);
    await buyerPage.getByTestId('promo-input').fill('journey10');
    await buyerPage.getByTestId('promo-apply').click();
    await buyerPage.getByTestId('promo-applied').waitFor();
    expect(norm(await buyerPage.getByTestId('summary-total').textContent())).toBe('PLN 88.20');
    expect(await buyerPage.getByRole('radio', { name: 'Bank transfer or cash' }).isChecked()).toBe(true);
    await shot(buyerPage, 'checkout');
    await buyerPage.getByTestId('place-order').click();
    await buyerPage.waitForURL(/\/o\/[\w-]+$/);
    const orderToken = buyerPage.url().split('/o/')[1]!;
    await buyerPage.getByText('Waiting for the organiser to confirm your payment').waitFor();
    const orderId = (await buyerPage.getByTestId('order-reference').textContent())!.trim();
    expect(norm(await buyerPage.getByTestId('order-total').textContent())).toBe('PLN 88.20');
    await shot(buyerPage, 'order-on-hold');

    // 5. The organiser confirms the transfer in the orders UI.
    await org.goto(`${server.url}/app/events/${eventId}/orders`);
    await org.getByTestId('orders-table').waitFor();
    await org.getByRole('link', { name: 'Open the order of Ada Lovelace' }).click();
    await org.waitForURL(`**/orders/${orderId}`);
    await org.getByTestId('confirm-order').click();
    await org.getByText('Payment confirmed.').waitFor();
    await org.getByTestId('order-status').getByText('Completed').waitFor();
    await shot(org, 'order-confirmed');
    await buyerPage.getByText('You are all set').waitFor({ timeout: 60_000 });

    // 6. Each attendee is registered with the webinar and has their own join link.
    const registrants = () => [...zoom.state.registrants.values()].filter((r) => r.conferenceId === webinar.id);
    const approved = (email: string) => registrants().find((r) => r.email.toLowerCase() === email && r.status === 'approved');
    await until(() => !!approved(buyer.email) && !!approved(companion.email), 120_000, 'both registered in Zoom');
    const publicOrder = (await (await buyerPage.request.get(`${server.url}/api/v1/public/orders/${orderToken}`)).json()) as { tickets: { ticketToken: string; attendee: { email: string } }[] };
    expect(publicOrder.tickets).toHaveLength(2);
    const ticketOf = (email: string) => publicOrder.tickets.find((t) => t.attendee.email.toLowerCase() === email)!.ticketToken;
    const joinHrefs: string[] = [];
    for (const person of [buyer, companion]) {
      await buyerPage.goto(`${server.url}/t/${ticketOf(person.email)}`);
      const join = buyerPage.getByTestId('join-button').first();
      await join.waitFor({ timeout: 90_000 });
      const href = (await join.getAttribute('href'))!;
      expect(await buyerPage.getByTestId('ticket-holder').textContent()).toContain(`${person.firstName} ${person.lastName}`);
      const reg = approved(person.email)!;
      expect(href).toContain(`/w/${webinar.id}`);
      expect(href).toContain(`tk=${reg.joinToken}`);
      joinHrefs.push(href);
      await shot(buyerPage, `ticket-${person.firstName.toLowerCase()}`);
    }
    expect(joinHrefs[0]).not.toBe(joinHrefs[1]);

    // … and a join e-mail each, carrying that attendee's own link.
    type Mail = { templateKey: string; to: string; body?: string };
    const mails = async (): Promise<Mail[]> => (await api(`/api/v1/emails?eventId=${eventId}&includeBody=true&limit=100`)).data;
    const mailTo = (list: Mail[], key: RegExp, email: string) => list.filter((m) => key.test(m.templateKey) && m.to.toLowerCase().includes(email));
    await until(async () => {
      const list = await mails();
      return mailTo(list, /join_link$/, buyer.email).length > 0 && mailTo(list, /join_link$/, companion.email).length > 0;
    }, 120_000, 'join e-mails');
    const afterJoin = await mails();
    expect(mailTo(afterJoin, /join_link$/, buyer.email)[0]!.body).toContain(joinHrefs[0]!);
    expect(mailTo(afterJoin, /join_link$/, companion.email)[0]!.body).toContain(joinHrefs[1]!);

    // 7. The organiser moves the event one hour later in the Details tab.
    const before = await api(`/api/v1/events/${eventId}`);
    const tz = before.timeZone as string;
    const newStart = new Date(new Date(before.startsAt).getTime() + 3600_000).toISOString();
    const newEnd = new Date(new Date(before.endsAt).getTime() + 3600_000).toISOString();
    await org.goto(`${eventUrl}?tab=details`);
    const details = org.getByTestId('details-form');
    await details.waitFor();
    // The end first, so the start never passes it.
    await setHour(org, details, 'Ends', hhmm(newEnd, tz).slice(0, 2));
    await setHour(org, details, 'Starts', hhmm(newStart, tz).slice(0, 2));
    await shot(org, 'details-moved');
    await org.getByTestId('details-save').click();
    await org.getByText('Changes saved.').first().waitFor();
    const moved = await api(`/api/v1/events/${eventId}`);
    expect(new Date(moved.startsAt).toISOString()).toBe(newStart);
    expect(new Date(moved.endsAt).toISOString()).toBe(newEnd);

    // The webinar follows, each attendee gets an "event changed" e-mail, the ticket shows the new time.
    await until(() => new Date(zoom.state.webinars.get(webinar.id)!.start_time!).toISOString() === newStart, 120_000, 'webinar moved');
    await until(async () => {
      const list = await mails();
      return mailTo(list, /^event_changed$/, buyer.email).length > 0 && mailTo(list, /^event_changed$/, companion.email).length > 0;
    }, 120_000, 'event-changed e-mails');
    // The notice names the new time (in the event's zone, as the e-mail's locale writes it) and the attendee's own link.
    const changed = await mails();
    const newTime = new RegExp(`${hhmm(newStart, tz)}|${new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(newStart))}`);
    [buyer, companion].forEach((person, i) => {
      const [notice] = mailTo(changed, /^event_changed$/, person.email);
      expect(notice!.body, notice!.body).toMatch(newTime);
      expect(notice!.body).toContain(joinHrefs[i]!);
    });
    for (const person of [buyer, companion]) {
      await buyerPage.goto(`${server.url}/t/${ticketOf(person.email)}`);
      const sessions = buyerPage.getByTestId('ticket-sessions');
      await sessions.waitFor();
      await until(async () => ((await sessions.textContent()) ?? '').includes(hhmm(newStart, VIEWER_ZONE)), 30_000, 'ticket shows the new time');
      expect(await sessions.textContent()).not.toContain(hhmm(before.startsAt, VIEWER_ZONE));
    }
    await shot(buyerPage, 'ticket-moved');

    // 8. The organiser refunds the order (manual refund): the registrations are cancelled in Zoom.
    await org.goto(`${server.url}/app/events/${eventId}/orders/${orderId}`);
    await org.getByRole('heading', { level: 1, name: 'Order of Ada Lovelace' }).waitFor();
    await org.getByTestId('refund-order').click();
    const refund = org.getByRole('dialog', { name: 'Refund this order' });
    await refund.waitFor();
    expect(await refund.getByLabel('Full refund (PLN 88.20)').isChecked()).toBe(true);
    await refund.getByTestId('submit-refund').click();
    await org.getByText('Refund issued: PLN 88.20.').waitFor();
    await org.getByTestId('order-status').getByText('Refunded').waitFor();
    await shot(org, 'order-refunded');
    const cancelled = (email: string) => registrants().some((r) => r.email.toLowerCase() === email && r.status === 'cancelled');
    await until(() => cancelled(buyer.email) && cancelled(companion.email), 120_000, 'registrations cancelled in Zoom');
    expect(registrants().filter((r) => r.status === 'approved')).toEqual([]);

    expect(pageErrors).toEqual([]);
    await orgContext.close();
    await buyerContext.close();
  }, 300_000);
});
