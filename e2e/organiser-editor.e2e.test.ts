// End-to-end check of the organiser settings and the event editor in a real browser (Debian's
// Chromium through playwright-core) against the Zoom emulator: connect Zoom and test access,
// fetch its users, create an online event, add a ticket type and a promo code, auto-generate a
// Zoom webinar, edit an e-mail template with the live preview (including a Liquid syntax error).
// Screenshots of every settings/editor screen in the five languages go to e2e/screenshots/.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { hasChromium, root, shots, ensureWebBuilt, launchChromium, until, pickDateTime } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOYER_SCOPES, startZoomEmulator, type ZoomEmulator } from '../test/emulators/zoom/zoom-emulator.js';
import { startTestServer } from '../test/helpers/server.js';

describe.skipIf(!hasChromium)('organiser settings and event editor (browser)', () => {
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

  it('connects Zoom, edits an online event with tickets, a promo code, a generated webinar and an e-mail template', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Warsaw', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Sign up.
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('E-mail').fill(`grace-${Date.now()}@example.com`);
    await page.getByRole('textbox', { name: 'Password' }).fill('correct horse battery');
    await page.getByLabel('Organisation name').fill('Compilers Ltd');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app/events');

    // Settings → Integrations → Zoom: connect, test access, fetch users, choose hosts.
    await page.getByTestId('nav-settings').click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    // Organisation settings: rename; the header follows.
    await page.getByTestId('org-name-input').fill('Compilers & Co');
    await page.getByTestId('org-save').click();
    await until(async () => (await page.getByTestId('org-name').textContent()) === 'Compilers & Co');

    // Members: invite a staff member (invitation link shown), make them admin, remove them.
    await page.getByTestId('settings-tab-members').click();
    await page.waitForURL('**/app/settings/members');
    const invite = page.getByRole('form', { name: 'Invite a member' });
    await invite.getByRole('textbox', { name: 'E-mail' }).fill('sam.staff@example.com');
    await invite.getByRole('textbox', { name: 'Name' }).fill('Sam Staff');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('Send this invitation link to the new member:').waitFor();
    const samRow = page.getByTestId('members-table').getByRole('row').filter({ hasText: 'sam.staff@example.com' });
    await samRow.getByText('Invited').waitFor();
    await samRow.getByRole('textbox', { name: 'Role of Sam Staff' }).or(samRow.getByRole('combobox', { name: 'Role of Sam Staff' })).click();
    await page.getByRole('option', { name: 'Admin' }).click();
    await page.getByText('The role of Sam Staff was changed.').waitFor();
    await samRow.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await samRow.waitFor({ state: 'detached' });

    // My conferencing: a personal custom link for the sessions assigned to me.
    await page.getByTestId('settings-tab-conferencing').click();
    const mine = page.getByTestId('my-conferencing');
    await mine.getByText('You have no account of your own yet').waitFor();
    await mine.getByText('Custom link', { exact: true }).click();
    await mine.getByTestId('custom-link-url').fill('https://meet.example.com/grace');
    await mine.getByTestId('account-save-member').click();
    await page.getByText('Settings saved.').waitFor();
    // … or my own Zoom app (its secret is stored for me, never shown).
    await mine.getByText('Zoom', { exact: true }).click();
    await mine.getByRole('checkbox', { name: 'Use my own Zoom app' }).check();
    await mine.getByRole('textbox', { name: 'Account ID' }).fill(zoom.credentials.accountId);
    await mine.getByRole('textbox', { name: 'Client ID' }).fill(zoom.credentials.clientId);
    await mine.getByLabel('Client secret').fill(zoom.credentials.clientSecret);
    await mine.getByTestId('account-save-member').click();
    const me = (await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as { member: { id: string } };
    await until(async () => {
      const account = (await (await page.request.get(`${server.url}/api/v1/members/${me.member.id}/conferencing`)).json()) as { provider: string };
      return account.provider === 'zoom';
    });
    expect(await mine.textContent()).not.toContain(zoom.credentials.clientSecret);

    await page.getByTestId('settings-tab-integrations').click();
    await page.waitForURL('**/app/settings/integrations');
    const zoomCard = page.getByTestId('zoom-card');
    await zoomCard.getByText('Not connected').waitFor();
    await zoomCard.getByRole('textbox', { name: 'Account ID' }).fill(zoom.credentials.accountId);
    await zoomCard.getByRole('textbox', { name: 'Client ID' }).fill(zoom.credentials.clientId);
    await zoomCard.getByLabel('Client secret').fill(zoom.credentials.clientSecret);
    await zoomCard.getByRole('button', { name: 'Connect Zoom' }).click();
    await zoomCard.getByText('Connected', { exact: true }).waitFor();
    // The secret is never shown back: the input is empty and only a masked hint remains.
    expect(await zoomCard.getByLabel('Client secret').inputValue()).toBe('');
    expect(await zoomCard.textContent()).not.toContain(zoom.credentials.clientSecret);

    await zoomCard.getByTestId('zoom-test').click();
    const result = zoomCard.getByTestId('zoom-test-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Access works');
    expect(await result.textContent()).toContain('owner@example.com');

    // Without a scope the app needs, Test access names it.
    zoom.setScopes(FOYER_SCOPES.filter((sc) => sc !== 'webinar:write:webinar:admin'));
    zoom.expireTokens();
    await zoomCard.getByTestId('zoom-test').click();
    await zoomCard.getByTestId('missing-scopes').waitFor();
    expect(await zoomCard.getByTestId('missing-scopes').textContent()).toBe('webinar:write:webinar:admin');
    expect(await result.textContent()).toContain('scopes are missing');
    zoom.setScopes([...FOYER_SCOPES]);
    zoom.expireTokens();
    await zoomCard.getByTestId('zoom-test').click();
    await zoomCard.getByTestId('missing-scopes').waitFor({ state: 'detached' });

    await zoomCard.getByTestId('zoom-fetch-users').click();
    const users = zoomCard.getByTestId('zoom-users');
    await users.waitFor();
    expect(await users.textContent()).toContain('host@example.com');
    await zoomCard.getByRole('checkbox', { name: 'List meetings of owner@example.com' }).check();
    await zoomCard.getByRole('radio', { name: 'Generated meetings are hosted by owner@example.com' }).check();
    await zoomCard.getByTestId('zoom-save-hosts').click();
    await page.getByText('The hosts were saved.').waitFor();

    // A wrong Stripe key is refused with the error on the field.
    const stripe = page.getByTestId('payment-stripe');
    await stripe.getByLabel('Secret key (sk_… or rk_…)').fill('not-a-stripe-key');
    await stripe.getByLabel('Webhook signing secret (whsec_…)').fill('whsec_0123456789');
    await stripe.getByTestId('payment-save-stripe').click();
    await stripe.getByText('must start with sk_ or rk_').waitFor();
    expect(await stripe.getByText('Not connected').count()).toBe(1);

    // Create a single online event.
    await page.goto(`${server.url}/app/events/new`);
    const title = `Compiler night ${Date.now()}`;
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('radio', { name: 'Single' }).check();
    await page.getByRole('radio', { name: 'Online' }).check();
    await pickDateTime(page, 'Starts', 15, '18', '00');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.waitForURL(/\/app\/events\/[^/?]+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const eventUrl = page.url();

    // Tickets: PLN 49.00 (stored as 4900 minor units), capacity 100.
    await page.getByTestId('editor-tab-tickets').click();
    await page.getByTestId('ticket-add').click();
    const ticketDialog = page.getByRole('dialog');
    await ticketDialog.getByTestId('ticket-name').fill('Standard');
    await ticketDialog.getByTestId('ticket-currency').click();
    await page.getByRole('option', { name: 'PLN', exact: true }).click();
    await ticketDialog.getByTestId('ticket-price').fill('49');
    await ticketDialog.getByTestId('ticket-capacity').fill('100');
    await ticketDialog.getByTestId('ticket-save').click();
    await ticketDialog.waitFor({ state: 'hidden' });
    const ticketRow = page.getByTestId('tickets-edit-table').getByRole('row').filter({ hasText: 'Standard' });
    await ticketRow.waitFor();
    expect(await ticketRow.textContent()).toMatch(/PLN\s?49\.00|49,00\s?zł/);
    expect(await ticketRow.textContent()).toContain('0 of 100');

    // Promo code: 10 % off, at most 50 uses.
    await page.getByTestId('editor-tab-promo').click();
    await page.getByTestId('promo-add').click();
    const promoDialog = page.getByRole('dialog');
    await promoDialog.getByTestId('promo-code').fill('EARLY10');
    await promoDialog.getByTestId('promo-percent').fill('10');
    await promoDialog.getByTestId('promo-max-uses').fill('50');
    await promoDialog.getByTestId('promo-save').click();
    await promoDialog.waitFor({ state: 'hidden' });
    const promoRow = page.getByTestId('promo-table').getByRole('row').filter({ hasText: 'EARLY10' });
    await promoRow.waitFor();
    expect(await promoRow.textContent()).toContain('10 %');
    expect(await promoRow.textContent()).toContain('0 of 50');

    // Conference: auto-generate a Zoom webinar with Q&A and cloud recording.
    await page.getByTestId('editor-tab-conference').click();
    const confForm = page.getByTestId('conference-form');
    await confForm.waitFor();
    await confForm.getByText('Zoom', { exact: true }).click();
    await confForm.getByTestId('mode-generate').check();
    await confForm.getByTestId('kind-webinar').check();
    await confForm.getByRole('checkbox', { name: 'Practice session' }).check();
    await confForm.getByRole('combobox', { name: 'Recording' }).click();
    await page.getByRole('option', { name: 'In the Zoom cloud' }).click();
    await confForm.getByTestId('conference-save').click();
    const card = page.getByTestId('conference-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('Webinar');
    expect(await card.textContent()).toContain('Generated by Foyer');
    const webinarId = (await card.getByTestId('conference-external-id').textContent())!.trim();
    await until(() => zoom.state.webinars.size === 1);
    const webinar = [...zoom.state.webinars.values()][0]!;
    expect(String(webinar.id)).toBe(webinarId);
    expect(webinar.topic).toBe(title);
    expect(webinar.duration).toBe(60);
    expect(webinar.settings).toMatchObject({ approval_type: 0, practice_session: true, auto_recording: 'cloud' });
    expect(await card.getByTestId('registration-warning').count()).toBe(0);

    // Details: a new title reaches the generated webinar.
    await page.getByTestId('editor-tab-details').click();
    const renamed = `${title} (renamed)`;
    await page.getByTestId('details-form').getByRole('textbox', { name: 'Title' }).fill(renamed);
    await page.getByTestId('details-save').click();
    await page.getByRole('heading', { level: 1, name: renamed }).waitFor();
    await until(() => [...zoom.state.webinars.values()][0]?.topic === renamed, 60_000);

    // E-mails: edit the confirmation with the live preview; a Liquid error names line and column.
    await page.getByTestId('editor-tab-emails').click();
    const subject = page.getByTestId('template-subject');
    await subject.waitFor();
    await subject.fill('Welcome to {{ event.title }}!');
    await until(async () => ((await page.getByTestId('preview-subject').textContent()) ?? '').startsWith('Welcome to '));
    const body = page.getByTestId('template-body');
    await body.fill('Hello {{ attendee.firstName }},\n{% if join.url %}Join: {{ join.url }}\n');
    await page.getByTestId('template-syntax-error').waitFor();
    expect(await page.getByTestId('template-syntax-error').textContent()).toMatch(/line \d+, column \d+/);
    await body.fill('Hello {{ attendee.firstName }},\n{% if join.url %}Join: {{ join.url }}{% endif %}\nSee you!');
    await page.getByTestId('template-syntax-error').waitFor({ state: 'detached' });
    await until(async () => ((await page.getByTestId('preview-body').textContent()) ?? '').includes('See you!'));
    // The switches save at once; they flip when the server has stored the change.
    await page.getByTestId('template-copy').click({ force: true });
    await until(() => page.getByTestId('template-copy').isChecked());
    await page.getByTestId('template-save').click();
    await page.getByText('The template was saved.').waitFor();
    await page.getByText('Edited for this event').waitFor();

    // Ticket display: show conference details.
    await page.getByTestId('editor-tab-display').click();
    await page.getByTestId('display-showConferenceDetails').click({ force: true });
    await until(async () => (await page.getByTestId('display-showConferenceDetails').isChecked()) && (await page.getByText('Changes saved.').count()) > 0);

    // A two-day event: link an existing Zoom meeting (registration off) to day 2, from the
    // dropdown with its preview, then fix the registration with one click.
    const legacy = zoom.portal.createConference('owner@example.com', 'meeting', { topic: 'Legacy weekly call', type: 2, start_time: '2030-03-02T09:00:00Z', duration: 45 });
    expect(legacy.settings.approval_type).toBe(2);
    const csrf = (await context.cookies()).find((c) => c.name === 'foyer_csrf')?.value ?? '';
    const created = await page.request.post(`${server.url}/api/v1/events`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        title: 'Two-day workshop', timeZone: 'Europe/Warsaw', format: 'online', kind: 'multi_day',
        startsAt: '2030-03-01T09:00:00Z', endsAt: '2030-03-02T11:00:00Z',
        sessions: [{ startsAt: '2030-03-01T09:00:00Z', endsAt: '2030-03-01T11:00:00Z' }, { startsAt: '2030-03-02T09:00:00Z', endsAt: '2030-03-02T11:00:00Z' }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const twoDay = (await created.json()) as { id: string; sessions: { id: string }[] };
    await page.goto(`${server.url}/app/events/${twoDay.id}?tab=conference`);
    const linkForm = page.getByTestId('conference-form');
    await linkForm.getByRole('combobox', { name: 'For' }).click();
    await page.getByRole('option').nth(2).click();
    await linkForm.getByTestId('mode-link').check();
    await linkForm.getByTestId('kind-meeting').check();
    await linkForm.getByTestId('zoom-meeting-select').click();
    await page.getByRole('option', { name: /Legacy weekly call/ }).click();
    const preview = linkForm.getByTestId('zoom-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('45 minutes');
    expect(await preview.textContent()).toContain('Registration is off');
    await linkForm.getByTestId('conference-save').click();
    const linkedCard = page.getByTestId('conference-card');
    await linkedCard.getByTestId('registration-warning').waitFor();
    expect(await linkedCard.textContent()).toContain('Linked');
    expect(await linkedCard.textContent()).not.toContain('Whole event');
    await page.screenshot({ path: path.join(shots, 'editor-en-conference-registration-warning.png'), fullPage: true });
    await linkedCard.getByTestId('enable-registration').click();
    await linkedCard.getByTestId('registration-warning').waitFor({ state: 'detached' });
    expect(zoom.state.meetings.get(legacy.id)?.settings.approval_type).toBe(0);

    // Sessions: add a third day to the workshop.
    await page.getByTestId('editor-tab-sessions').click();
    await page.getByTestId('session-add').click();
    const dayDialog = page.getByRole('dialog');
    await pickDateTime(page, 'Starts', 20, '09', '00');
    await dayDialog.getByTestId('session-save').click();
    await dayDialog.waitFor({ state: 'hidden' });
    await until(async () => (await page.getByTestId('sessions-edit-table').getByRole('row').count()) === 4);

    expect(pageErrors).toEqual([]);

    // Screenshots of every screen in every language.
    const screens: [string, string][] = [
      ['settings-organisation', `${server.url}/app/settings`],
      ['settings-members', `${server.url}/app/settings/members`],
      ['settings-integrations', `${server.url}/app/settings/integrations`],
      ['settings-my-conferencing', `${server.url}/app/settings/conferencing`],
      ...(['overview', 'details', 'sessions', 'tickets', 'conference', 'emails', 'display', 'promo'] as const).map(
        (tab): [string, string] => [`editor-${tab}`, tab === 'overview' ? eventUrl : `${eventUrl}?tab=${tab}`],
      ),
    ];
    for (const lng of ['en', 'pl', 'ja', 'ru', 'ko']) {
      await page.evaluate((l) => localStorage.setItem('foyer.language', l), lng);
      for (const [name, url] of screens) {
        await page.goto(url);
        await until(async () => (await page.evaluate(() => document.documentElement.lang)) === lng);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await until(async () => (await page.locator('.mantine-Skeleton-root').count()) === 0);
        // Every payment provider's card is there next to the connected Zoom account.
        if (name === 'settings-integrations') await page.getByTestId('payment-payu').waitFor();
        await page.screenshot({ path: path.join(shots, `editor-${lng}-${name}.png`), fullPage: true });
      }
    }
    // A phone-sized look at the busiest screens.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => localStorage.setItem('foyer.language', 'en'));
    for (const [name, url] of [
      ['conference', `${eventUrl}?tab=conference`],
      ['integrations', `${server.url}/app/settings/integrations`],
    ]) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(shots, `editor-phone-${name}.png`), fullPage: true });
    }
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 600_000);
});
