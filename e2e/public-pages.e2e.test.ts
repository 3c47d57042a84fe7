// The buyer's journey in a real browser (Debian's Chromium through playwright-core): event page,
// checkout with a companion, promo code and manual payment, order status page until the
// organiser confirms, ticket page with the join link and calendar download; a sold-out in-person
// event with its QR code; every buyer page in five languages at phone width (390 px).
// Screenshots go to e2e/screenshots/public-*.png. Skipped where /usr/bin/chromium is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, root, shots, launchChromium } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent, buildOrganization, buildPerson, buildTicketType, placeOrder } from '../test/factories.js';
import type { Harness } from '../test/helpers/api.js';
import { startTestServer } from '../test/helpers/server.js';
import { startStripeEmulator, type StripeEmulator } from '../test/emulators/stripe/stripe-emulator.js';

// A private build: other browser tests may rebuild dist/web (new chunk names) while this runs.
const webDir = path.join(os.tmpdir(), `foyer-e2e-public-${process.pid}`);
const LANGS = ['en', 'pl', 'ja', 'ru', 'ko'] as const;
const PHONE = { width: 390, height: 844 };

/** Builds the web UI into webDir (the server answers the API; the browser gets the UI from there). */
function buildWeb(): void {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', webDir, '--emptyOutDir'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}

/** Serves the UI (assets and the SPA fallback) to the browser from webDir; /api goes to the server. */
async function serveWebFrom(context: BrowserContext, base: string): Promise<void> {
  // Links built from APP_URL (the payment provider's return URL) lead to the test server.
  await context.route('http://foyer.test/**', (route) => {
    const u = new URL(route.request().url());
    return route.fulfill({ status: 302, headers: { location: `${base}${u.pathname}${u.search}` } });
  });
  await context.route(
    (url) => url.origin === base && !url.pathname.startsWith('/api/'),
    async (route) => {
      const p = new URL(route.request().url()).pathname;
      const file = p.startsWith('/assets/') ? path.join(webDir, path.normalize(p)) : path.join(webDir, 'index.html');
      if (!file.startsWith(webDir) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ path: file });
    },
  );
}

/** The factories' harness interface over real HTTP, so the API sets up what the browser sees. */
function httpHarness(base: string): Harness {
  return {
    async call(method: string, url: string, o: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(base + url, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
      const body = await res.text();
      return { statusCode: res.status, body, headers: Object.fromEntries(res.headers), json: () => JSON.parse(body) };
    },
  } as unknown as Harness;
}

/** Intl puts no-break spaces into money ("PLN\u00a049.00"); compare with plain spaces. */
const norm = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `public-${name}.png`), fullPage: true });
}

describe.skipIf(!hasChromium)('public buyer pages (browser)', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let h: Harness;
  let stripe: StripeEmulator;
  const WHSEC = 'whsec_foyer_public_pages';
  const urls: Record<'event' | 'checkout' | 'order' | 'ticket', string> = { event: '', checkout: '', order: '', ticket: '' };

  beforeAll(async () => {
    buildWeb();
    stripe = await startStripeEmulator({
      webhookSecret: WHSEC,
      restrictedKeys: { rk_test_public: { checkout_sessions: 'write', products: 'write', prices: 'write', refunds: 'write', payment_intents: 'read' } },
    });
    server = await startTestServer({ env: { STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(stripe.port), STRIPE_API_PROTOCOL: 'http' } });
    stripe.setWebhookUrl(`${server.url}/webhooks/stripe`);
    h = httpHarness(server.url);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stripe?.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  }, 180_000);

  async function phone(lang?: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Warsaw', viewport: PHONE, deviceScaleFactor: 1, acceptDownloads: true });
    await serveWebFrom(context, server.url);
    if (lang) await context.addInitScript((l) => localStorage.setItem('foyer.language', l), lang);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page, errors };
  }

  it('buys a free and a paid ticket with a companion, pays manually, and gets a ticket with the join link and calendar', async () => {
    // Organiser side, through the API: an online event in New York time with a custom join link.
    const org = await buildOrganization(h, { organizationName: 'Analytical Engines' });
    const start = new Date(Date.now() + 10 * 86400_000);
    start.setUTCHours(23, 0, 0, 0);
    const event = await buildEvent(h, org.token, {
      title: 'Foyer Summit 2026',
      description: 'Talks on ticketing and join links.\nBring questions.',
      timeZone: 'America/New_York',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
    });
    const community = await buildTicketType(h, org.token, event.id, { name: 'Community', price: { amount: 0, currency: 'PLN' }, capacity: 50 });
    const supporter = await buildTicketType(h, org.token, event.id, { name: 'Supporter', price: { amount: 4900, currency: 'PLN' }, capacity: 20 });
    const promo = await h.call('POST', `/api/v1/events/${event.id}/promo-codes`, { token: org.token, body: { code: 'FRIENDS10', percentOff: 10 } });
    expect(promo.statusCode, promo.body).toBe(201);
    const joinUrl = 'https://meet.example.com/foyer-summit';
    const conf = await h.call('PUT', `/api/v1/events/${event.id}/conference`, { token: org.token, body: { provider: 'custom_link', mode: 'link', url: joinUrl, password: '4242' } });
    expect(conf.statusCode, conf.body).toBeLessThan(300);
    const pub = await h.call('POST', `/api/v1/events/${event.id}/publish`, { token: org.token });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(community.id).toBeTruthy();

    const { context, page, errors } = await phone();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    // Event page: title, prices per locale, seats left, times in the viewer's zone with the event's zone named.
    urls.event = `${server.url}/e/${event.slug}`;
    await page.goto(urls.event);
    await page.getByRole('heading', { level: 1, name: 'Foyer Summit 2026' }).waitFor();
    expect(await page.getByTestId('organizer-name').textContent()).toBe('Analytical Engines');
    const prices = await page.getByTestId('ticket-price').allTextContents();
    expect(prices.map(norm)).toEqual(['Free', 'PLN 49.00']);
    expect(await page.getByTestId('ticket-availability').allTextContents()).toEqual(['Seats left: 50', 'Seats left: 20']);
    // 23:00 UTC is 00:00 the next day in Warsaw (the viewer) and 18:00 in New York (the event).
    expect(await page.getByTestId('sessions').textContent()).toMatch(/00:00/);
    expect(await page.getByTestId('zone-note').textContent()).toMatch(/Central European.*planned in .*America\/New_York/);
    // The buyer pages load neither the organiser app (React Router, Query) nor its messages.
    const manifest = JSON.parse(fs.readFileSync(path.join(webDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
    const organiserFiles = ['app.tsx', 'routes/with-query.tsx', 'features/organiser/organiser-layout.tsx', 'i18n/locales/en.ts'].map((k) => manifest[k]!.file);
    expect(requests.filter((u) => organiserFiles.some((f) => u.endsWith(`/${f}`)))).toEqual([]);
    expect(requests.some((u) => u.endsWith(`/${manifest['i18n/locales/public/en.ts']!.file}`))).toBe(true);
    await shot(page, 'event-en-journey');

    // Checkout: 2 × Supporter, the buyer and one companion.
    await page.getByTestId('get-tickets').click();
    await page.waitForURL('**/checkout');
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await page.getByRole('combobox', { name: 'Quantity: Community' }).selectOption('0');
    await page.getByRole('combobox', { name: 'Quantity: Supporter' }).selectOption('2');
    await page.getByTestId('companion').waitFor();
    const buyer = buildPerson({ firstName: 'Ada', lastName: 'Lovelace' });
    await page.getByTestId('buyer.firstName').fill(buyer.firstName);
    await page.getByTestId('buyer.lastName').fill(buyer.lastName);
    await page.getByTestId('buyer.email').fill(buyer.email);
    // Inline validation: the companion with the buyer's e-mail is refused before any request.
    await page.getByTestId('companions.0.firstName').fill('Charles');
    await page.getByTestId('companions.0.email').fill(buyer.email.toUpperCase());
    await page.getByTestId('companions.0.email').blur();
    await page.getByText('Each attendee needs their own e-mail address; this one is already used in this order.').waitFor();
    await page.getByTestId('place-order').click();
    // Submit shows every problem and focuses the first invalid field (the companion's last name).
    await page.getByText('Required').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('companions.0.lastName');
    await shot(page, 'checkout-en-errors');
    await page.getByTestId('companions.0.lastName').fill('Babbage');
    const companionEmail = `charles-${Date.now()}@example.com`;
    await page.getByTestId('companions.0.email').fill(companionEmail);
    expect(await page.getByText('Each attendee needs their own e-mail address').count()).toBe(0);

    // Promo code: a wrong one is refused at the field, the right one shows the discount.
    await page.getByTestId('promo-input').fill('NOPE');
    await page.getByTestId('promo-apply').click();
    await page.getByText('This code is not valid for the chosen tickets.').waitFor();
    await page.getByTestId('promo-input').fill('friends10');
    await page.getByTestId('promo-apply').click();
    await page.getByTestId('promo-applied').waitFor();
    expect(norm(await page.getByTestId('promo-applied').textContent())).toContain('FRIENDS10 applied: PLN 9.80 off');
    expect(norm(await page.getByTestId('summary-total').textContent())).toBe('PLN 88.20');
    // Manual payment is the only payment method of this event: chosen already.
    expect(await page.getByRole('radio', { name: 'Bank transfer or cash' }).isChecked()).toBe(true);
    await shot(page, 'checkout-en-filled');
    await page.getByTestId('place-order').click();

    // Order status page: on hold with the payment reference, tickets pending.
    await page.waitForURL(/\/o\/[\w-]+$/);
    urls.order = page.url();
    await page.getByText('Waiting for the organiser to confirm your payment').waitFor();
    expect(await page.getByTestId('order-status').textContent()).toBe('On hold');
    expect(norm(await page.getByTestId('order-total').textContent())).toBe('PLN 88.20');
    expect(await page.getByTestId('organizer-name').textContent()).toBe('Analytical Engines');
    const orderId = (await page.getByTestId('order-reference').textContent())!.trim();
    expect(orderId).toMatch(/^ord_/);
    const ticketRows = page.getByTestId('order-ticket');
    expect(await ticketRows.count()).toBe(2);
    expect(await ticketRows.nth(1).textContent()).toContain(companionEmail);
    expect(await page.getByTestId('ticket-status').allTextContents()).toEqual(['Awaiting payment', 'Awaiting payment']);
    await shot(page, 'order-en-on-hold');

    // The organiser confirms the bank transfer; the page notices by itself.
    const confirmed = await h.call('POST', `/api/v1/orders/${orderId}/confirm`, { token: org.token, body: {} });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await page.getByText('You are all set').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('order-status').textContent()).toBe('Completed');
    await shot(page, 'order-en-completed');

    // The buyer's ticket: join link and passcode, sessions, calendar download.
    await ticketRows.first().getByRole('link', { name: /Open the ticket of Ada Lovelace/ }).click();
    await page.waitForURL(/\/t\/[\w-]+$/);
    urls.ticket = page.url();
    const join = page.getByTestId('join-button');
    await join.waitFor({ timeout: 30_000 });
    expect(await join.getAttribute('href')).toBe(joinUrl);
    expect(await join.getAttribute('target')).toBe('_blank');
    expect(await page.getByTestId('passcode').textContent()).toContain('4242');
    expect(await page.getByTestId('ticket-holder').textContent()).toBe('Ada Lovelace · Supporter');
    expect(await page.getByTestId('organizer-name').textContent()).toBe('Analytical Engines');
    expect(await page.getByTestId('ticket-status').textContent()).toBe('Valid');
    expect(await page.getByTestId('ticket-qr').count()).toBe(0); // online only: no QR code
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('calendar-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics.replace(/\r?\n[ \t]/g, '')).toContain(joinUrl);
    await shot(page, 'ticket-en');

    // Back to the event page: seats left went down by the two tickets.
    await page.goto(urls.event);
    await page.getByTestId('ticket-availability').first().waitFor();
    expect(await page.getByTestId('ticket-availability').allTextContents()).toEqual(['Seats left: 50', 'Seats left: 18']);
    urls.checkout = `${urls.event}/checkout`;

    // The companion's own ticket shows only the companion.
    const orderView = await h.call('GET', `/api/v1/public/orders/${urls.order.split('/o/')[1]}`);
    const companionTicket = orderView.json().tickets[1];
    await page.goto(`${server.url}/t/${companionTicket.ticketToken}`);
    await page.getByTestId('join-button').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('ticket-holder').textContent()).toBe('Charles Babbage · Supporter');
    expect(await page.content()).not.toContain(buyer.email);

    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows a server-side refusal at the field: an e-mail that already has a ticket', async () => {
    const org = await buildOrganization(h);
    const event = await buildEvent(h, org.token, { title: 'Duplicate check' });
    const tt = await buildTicketType(h, org.token, event.id, { name: 'Free pass', price: { amount: 0, currency: 'EUR' } });
    expect((await h.call('POST', `/api/v1/events/${event.id}/publish`, { token: org.token })).statusCode).toBe(200);
    const taken = buildPerson();
    expect((await placeOrder(h, event.slug, { items: [{ ticketTypeId: tt.id, quantity: 1 }], buyer: taken, paymentMethod: 'free' })).statusCode).toBe(201);

    const { context, page, errors } = await phone();
    await page.goto(`${server.url}/e/${event.slug}/checkout`);
    await page.getByTestId('buyer.firstName').fill(taken.firstName);
    await page.getByTestId('buyer.lastName').fill(taken.lastName);
    await page.getByTestId('buyer.email').fill(taken.email);
    expect(await page.getByTestId('place-order').textContent()).toBe('Get my tickets');
    await page.getByTestId('place-order').click();
    await page.getByText('This person already has a ticket for this event.').waitFor();
    expect(await page.getByTestId('buyer.email').getAttribute('aria-invalid')).toBe('true');
    // Fixing the field clears the server's message; a new e-mail goes through to a completed order.
    await page.getByTestId('buyer.email').fill(`new-${Date.now()}@example.com`);
    expect(await page.getByText('This person already has a ticket for this event.').count()).toBe(0);
    await page.getByTestId('place-order').click();
    await page.waitForURL(/\/o\/[\w-]+$/);
    await page.getByText('You are all set').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows an in-person ticket with its QR code, and the event as sold out', async () => {
    const org = await buildOrganization(h, { organizationName: 'Kraków Makers' });
    const event = await buildEvent(h, org.token, { title: 'Workshop at the venue', format: 'in_person', venue: 'ul. Floriańska 3, Kraków', timeZone: 'Europe/Warsaw' });
    const tt = await buildTicketType(h, org.token, event.id, { name: 'Seat', price: { amount: 150000, currency: 'KRW' }, capacity: 1 });
    expect((await h.call('POST', `/api/v1/events/${event.id}/publish`, { token: org.token })).statusCode).toBe(200);
    const placed = await placeOrder(h, event.slug, { items: [{ ticketTypeId: tt.id, quantity: 1 }], buyer: buildPerson({ firstName: 'Jan', lastName: 'Kowalski' }), paymentMethod: 'manual' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect((await h.call('POST', `/api/v1/orders/${placed.json().order.id}/confirm`, { token: org.token, body: {} })).statusCode).toBe(200);
    const order = (await h.call('GET', `/api/v1/public/orders/${placed.json().orderToken}`)).json();

    const { context, page, errors } = await phone();
    await page.goto(`${server.url}/e/${event.slug}`);
    await page.getByTestId('sold-out').waitFor();
    expect(norm(await page.getByTestId('ticket-price').textContent())).toBe('₩150,000'); // no minor unit
    expect(await page.getByTestId('get-tickets').count()).toBe(0);
    await page.getByText('ul. Floriańska 3, Kraków').waitFor();
    await shot(page, 'event-en-sold-out');

    await page.goto(`${server.url}/t/${order.tickets[0].ticketToken}`);
    const qr = page.getByTestId('ticket-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('alt')).toBe('QR code of the ticket of Jan Kowalski');
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
    expect(await page.getByTestId('join-button').count()).toBe(0);
    await shot(page, 'ticket-en-in-person');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('pays by card: redirect to the payment provider and back to the order page', async () => {
    const org = await buildOrganization(h, { organizationName: 'Card Payments Ltd' });
    const integration = await h.call('PUT', '/api/v1/integrations/stripe', { token: org.token, body: { secretKey: 'rk_test_public', webhookSecret: WHSEC } });
    expect(integration.statusCode, integration.body).toBe(200);
    const event = await buildEvent(h, org.token, { title: 'Paid masterclass', paymentMethods: ['stripe', 'manual'] });
    await buildTicketType(h, org.token, event.id, { name: 'Seat', price: { amount: 5000, currency: 'EUR' } });
    expect((await h.call('POST', `/api/v1/events/${event.id}/publish`, { token: org.token })).statusCode).toBe(200);

    const { context, page, errors } = await phone();
    await page.goto(`${server.url}/e/${event.slug}/checkout`);
    await page.getByTestId('buyer.firstName').fill('Grace');
    await page.getByTestId('buyer.lastName').fill('Hopper');
    await page.getByTestId('buyer.email').fill(`grace-${Date.now()}@example.com`);
    // Two methods: the buyer must choose (inline error first), then card.
    await page.getByTestId('place-order').click();
    await page.getByText('Choose a payment method.').waitFor();
    await page.getByRole('radio', { name: 'Card' }).check();
    expect(norm(await page.getByTestId('place-order').textContent())).toBe('Continue to payment · €50.00');
    await shot(page, 'checkout-en-card');
    await page.getByTestId('place-order').click();

    // The provider's hosted page (the Stripe emulator), then back to Foyer's order page.
    await page.waitForURL(`${stripe.url}/c/pay/**`);
    await page.getByRole('heading', { name: /Pay/ }).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.waitForURL(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/o/[\\w-]+\\?session_id=`));
    try {
      await page.getByText('You are all set').waitFor({ timeout: 45_000 });
    } catch (err) {
      const token = new URL(page.url()).pathname.split('/o/')[1];
      console.error('order page:', await page.locator('main').innerText(), (await h.call('GET', `/api/v1/public/orders/${token}`)).body);
      throw err;
    }
    expect(await page.getByTestId('order-status').textContent()).toBe('Completed');
    expect(await page.getByTestId('ticket-status').textContent()).toBe('Valid');
    await shot(page, 'order-en-card-paid');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('books a time slot of a bookable event; a full slot cannot be chosen', async () => {
    const org = await buildOrganization(h, { organizationName: 'Tutoring Co' });
    const day = new Date(Date.now() + 5 * 86400_000);
    day.setUTCHours(8, 0, 0, 0);
    const slot = (h0: number) => ({ startsAt: new Date(day.getTime() + h0 * 3600_000).toISOString(), endsAt: new Date(day.getTime() + (h0 + 1) * 3600_000).toISOString(), capacity: 1 });
    const event = await buildEvent(h, org.token, { title: 'Maths tutoring', kind: 'bookable', startsAt: slot(0).startsAt, endsAt: slot(2).endsAt, sessions: [slot(0), slot(1), slot(2)] });
    const tt = await buildTicketType(h, org.token, event.id, { name: 'One hour', price: { amount: 0, currency: 'PLN' } });
    expect((await h.call('POST', `/api/v1/events/${event.id}/publish`, { token: org.token })).statusCode).toBe(200);
    const sessions = (await h.call('GET', `/api/v1/public/events/${event.slug}`)).json().sessions as { id: string }[];
    // The first slot is taken already.
    expect((await placeOrder(h, event.slug, { items: [{ ticketTypeId: tt.id, quantity: 1, sessionId: sessions[0]!.id }], buyer: buildPerson(), paymentMethod: 'free' })).statusCode).toBe(201);

    const { context, page, errors } = await phone('pl');
    await page.goto(`${server.url}/e/${event.slug}`);
    await page.getByText('Wolne terminy: 2.').waitFor();
    await page.getByTestId('get-tickets').click();
    await page.waitForURL('**/checkout');
    const radios = page.getByRole('radio');
    await radios.first().waitFor({ state: 'attached' });
    expect(await radios.count()).toBe(3);
    expect(await radios.nth(0).isDisabled()).toBe(true);
    await page.getByText('Brak miejsc').waitFor();
    await page.getByTestId('buyer.firstName').fill('Maria');
    await page.getByTestId('buyer.lastName').fill('Skłodowska');
    await page.getByTestId('buyer.email').fill(`maria-${Date.now()}@example.com`);
    await page.getByTestId('place-order').click();
    await page.getByText('Wybierz termin.').waitFor();
    await radios.nth(1).check();
    await shot(page, 'checkout-pl-slots');
    await page.getByTestId('place-order').click();
    await page.waitForURL(/\/o\/[\w-]+$/);
    await page.getByText('Wszystko gotowe').waitFor();
    const order = (await h.call('GET', `/api/v1/public/orders/${page.url().split('/o/')[1]}`)).json();
    expect(order.tickets[0].sessionId).toBe(sessions[1]!.id);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows every buyer page in each language, with the language switcher', async () => {
    expect(urls.order).not.toBe('');
    const headings: Record<string, string[]> = {};
    for (const lang of LANGS) {
      const { context, page, errors } = await phone(lang);
      headings[lang] = [];
      for (const [name, url] of Object.entries(urls)) {
        await page.goto(url);
        const h1 = page.getByRole('heading', { level: 1 });
        await h1.waitFor();
        if (name === 'ticket') await page.getByTestId('join-button').waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        headings[lang].push((await h1.textContent()) ?? '');
        // Nothing overflows the phone's width.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        await shot(page, `${name}-${lang}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
    expect(headings.ja![1]).toBe('お申し込み');
    expect(headings.ko![1]).toBe('주문하기');
    expect(headings.pl![2]).toBe('Twoje zamówienie');
    expect(headings.ru![1]).toBe('Оформление заказа');

    // The switcher changes the language in place and remembers it.
    const { context, page } = await phone('en');
    await page.goto(urls.ticket);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ja');
    await page.getByRole('link', { name: /イベントに参加する/ }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('foyer.language'))).toBe('ja');
    await page.getByRole('combobox', { name: '言語' }).selectOption('ko');
    await page.getByRole('link', { name: /이벤트 참가하기/ }).waitFor();
    await shot(page, 'ticket-ko-switched');
    await context.close();

    // Desktop width too.
    const desk = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
    await serveWebFrom(desk, server.url);
    const dp = await desk.newPage();
    await dp.goto(urls.event);
    await dp.getByRole('heading', { level: 1 }).waitFor();
    expect(await dp.evaluate(() => document.documentElement.lang)).toBe('ja');
    await dp.screenshot({ path: path.join(shots, 'public-event-ja-desktop.png'), fullPage: true });
    await desk.close();
  }, 180_000);
});
