// The buyer pages' first-load budget (issue 6): the event page and checkout must stay within
// 150 kB of gzipped JavaScript. Measured from an existing build (dist/web with its Vite
// manifest) by scripts/bundle-size.mjs; skipped when the web UI has not been built.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.FOYER_WEB_DIST ?? path.join(root, 'dist', 'web');
const manifest = path.join(dist, '.vite', 'manifest.json');

interface PageSize {
  files: string[];
  raw: number;
  gzip: number;
}

describe.skipIf(!fs.existsSync(manifest))('public pages bundle size', () => {
  it('keeps the event page and checkout within 150 kB of gzipped JavaScript on first load', () => {
    const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle-size.mjs'), '--json'], {
      env: { ...process.env, FOYER_WEB_DIST: dist },
      encoding: 'utf8',
    });
    const result = JSON.parse(out) as { budget: number; pages: Record<string, PageSize> };
    expect(result.budget).toBe(150 * 1024);
    const { event, checkout, eventThenCheckout, order, ticket } = result.pages;
    // The pages really were found and measured (entry, messages and the page's own chunk).
    for (const p of [event, checkout, order, ticket]) {
      expect(p.files.length).toBeGreaterThan(2);
      expect(p.gzip).toBeGreaterThan(30 * 1024);
    }
    expect(event.files.some((f) => /event-page/.test(f))).toBe(true);
    expect(checkout.files.some((f) => /checkout-page/.test(f))).toBe(true);
    // No organiser code on a buyer's first load.
    expect(eventThenCheckout.files.filter((f) => /organiser|dashboard|editor|settings|orders-page|react-query/.test(f))).toEqual([]);
    expect(event.gzip, `event page ${(event.gzip / 1024).toFixed(1)} kB`).toBeLessThanOrEqual(result.budget);
    expect(checkout.gzip, `checkout ${(checkout.gzip / 1024).toFixed(1)} kB`).toBeLessThanOrEqual(result.budget);
    expect(eventThenCheckout.gzip, `event + checkout ${(eventThenCheckout.gzip / 1024).toFixed(1)} kB`).toBeLessThanOrEqual(result.budget);
  });
});
