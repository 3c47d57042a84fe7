// End-to-end check of the web UI shell in a real browser (Debian's Chromium through
// playwright-core): sign up, create a single online event, find it in the list, switch to
// Polish. Skipped where /usr/bin/chromium is not installed.
import type { Browser } from 'playwright-core';
import { hasChromium, ensureWebBuilt, launchChromium, pickDateTime } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../test/helpers/server.js';

describe.skipIf(!hasChromium)('web UI shell (browser)', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs up, creates a single online event, lists it and switches to Polish', async () => {
    // en-GB: a 24-hour clock in the time picker; the browser's zone becomes the default event zone.
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Warsaw', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Sign up.
    await page.goto(`${server.url}/signup`);
    await page.getByRole('heading', { level: 1, name: 'Create your organiser account' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill(`ada-${Date.now()}@example.com`);
    await page.getByRole('textbox', { name: 'Password' }).fill('correct horse battery');
    await page.getByLabel('Organisation name').fill('Analytical Engines');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app/events');
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    expect(await page.getByTestId('org-name').textContent()).toBe('Analytical Engines');
    await page.getByText('No events yet').waitFor();

    // Create a single online event from the empty state's call to action.
    await page.getByRole('link', { name: 'Create your first event' }).click();
    await page.waitForURL('**/app/events/new');
    const title = `Webinar ${Date.now()}`;
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('radio', { name: 'Single' }).check();
    await page.getByRole('radio', { name: 'Online' }).check();
    expect(await page.getByRole('combobox', { name: 'Time zone' }).inputValue()).toContain('Europe/Warsaw');
    await pickDateTime(page, 'Starts', 15, '18', '30');
    // The end follows the start, one hour later by default.
    expect(await page.getByRole('button', { name: 'Ends', exact: true }).textContent()).toContain('19:30');
    await page.getByRole('button', { name: 'Create event' }).click();

    await page.waitForURL(/\/app\/events\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByTestId('event-status').textContent()).toBe('Draft');
    await page.getByText('Sessions (1)').waitFor();

    // It is in the list, with its start in the event's zone.
    await page.getByRole('link', { name: 'All events' }).click();
    await page.waitForURL('**/app/events');
    const row = page.getByTestId('events-table').getByRole('row').filter({ hasText: title });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual([title, 'Single', 'Online', 'Draft', expect.stringMatching(/18:30/)]);

    // Switch to Polish: translated heading, <html lang>, remembered across a reload.
    await page.getByTestId('language-switcher').click();
    await page.getByRole('menuitem', { name: 'Polski' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wydarzenia' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('Pojedyncze');
    expect(await page.evaluate(() => localStorage.getItem('foyer.language'))).toBe('pl');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Wydarzenia' }).waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
