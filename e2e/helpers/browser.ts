// What every browser test shares: Debian's Chromium through playwright-core, a current build of
// the web UI in dist/web, screenshots under e2e/screenshots/, polling and the date-time picker.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Browser tests are skipped (not failed) where Chromium is not installed; `.ci/run` installs it. */
export const hasChromium = fs.existsSync(CHROMIUM);
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const shots = path.join(root, 'e2e', 'screenshots');
const webIndex = path.join(root, 'dist', 'web', 'index.html');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((max, e) => Math.max(max, newestMtime(path.join(p, e))), st.mtimeMs);
}

/** The server serves dist/web; build it when missing or older than the sources. */
export function ensureWebBuilt(): void {
  const sources = Math.max(newestMtime(path.join(root, 'src', 'web')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(webIndex) && fs.statSync(webIndex).mtimeMs >= sources) return;
  // A separate process: inside Vitest NODE_ENV is "test", which would make Vite bundle React's
  // development build.
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}

/** Headless Chromium with the flags this closed network needs; screenshots folder made. */
export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Polls until `fn` holds (the UI and the background jobs run concurrently; no fixed sleeps). */
export async function until(fn: () => boolean | Promise<boolean>, ms = 60_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`${what} not met in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Opens a Mantine DateTimePicker by its label, picks `day` of next month and a 24h time. */
export async function pickDateTime(page: Page, label: string, day: number, hours: string, minutes: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  const dropdown = page.locator('.mantine-Popover-dropdown').filter({ has: page.locator('table') });
  await dropdown.getByRole('button', { name: 'Next month' }).click();
  await dropdown.locator('table button:not([data-outside])').getByText(String(day), { exact: true }).click();
  await dropdown.getByRole('spinbutton', { name: 'Hours' }).fill(hours);
  await dropdown.getByRole('spinbutton', { name: 'Minutes' }).fill(minutes);
  await dropdown.getByRole('button', { name: 'Confirm date and time' }).click();
  await dropdown.waitFor({ state: 'hidden' });
}
