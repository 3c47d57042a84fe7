#!/usr/bin/env node
// First-load JavaScript of the buyer pages, gzipped, from an existing build (no build here):
// reads dist/web/.vite/manifest.json and follows each page's static imports.
//
//   node scripts/bundle-size.mjs            table of files and totals
//   node scripts/bundle-size.mjs --check    also exits 1 when a total exceeds the budget
//   node scripts/bundle-size.mjs --json     machine-readable
//
// A page's first load = the entry (main.tsx) and its static imports + the visitor's messages
// (the buyer pages load only the `public` section, i18n/locales/public/<lng>.ts, before the
// first render; the heaviest language is counted) + the page's lazy chunk and its static imports.
// "event + checkout" is the union: a buyer landing on the event page and going on to checkout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 150 * 1024;
export const PUBLIC_PAGES = {
  event: 'features/public/event-page.tsx',
  checkout: 'features/public/checkout-page.tsx',
  order: 'features/public/order-page.tsx',
  ticket: 'features/public/ticket-page.tsx',
};
const LOCALES = ['en', 'pl', 'ja', 'ru', 'ko'];

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultDist = process.env.FOYER_WEB_DIST ?? path.join(root, 'dist', 'web');

export function readManifest(distDir = defaultDist) {
  const file = path.join(distDir, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** JS files a manifest key pulls in synchronously (itself and its static imports, recursively). */
function closure(manifest, key, out = new Set()) {
  const item = manifest[key];
  if (!item) throw new Error(`${key} is not in the Vite manifest (was the build made from this tree?)`);
  if (out.has(item.file)) return out;
  out.add(item.file);
  for (const dep of item.imports ?? []) closure(manifest, dep, out);
  return out;
}

/** Measures every buyer page's first load; sizes in bytes. */
export function measure(distDir = defaultDist) {
  const manifest = readManifest(distDir);
  if (!manifest) return null;
  const gz = new Map();
  const size = (file) => {
    if (!gz.has(file)) {
      const buf = fs.readFileSync(path.join(distDir, file));
      gz.set(file, { raw: buf.length, gzip: gzipSync(buf).length });
    }
    return gz.get(file);
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entryKey) throw new Error('no entry in the Vite manifest');
  const entry = closure(manifest, entryKey);
  const localeKey = (lng) => `i18n/locales/public/${lng}.ts`;
  // The heaviest locale is what the budget must hold for every reader.
  const locales = LOCALES.map((lng) => ({ lng, files: closure(manifest, localeKey(lng)) }));
  const sum = (files) => [...files].reduce((n, f) => ({ raw: n.raw + size(f).raw, gzip: n.gzip + size(f).gzip }), { raw: 0, gzip: 0 });
  const heaviestLocale = locales.reduce((a, b) => (sum(b.files).gzip > sum(a.files).gzip ? b : a));

  const page = (...keys) => {
    const files = new Set(entry);
    for (const f of heaviestLocale.files) files.add(f);
    for (const k of keys) closure(manifest, k, files);
    return { files: [...files].sort(), ...sum(files) };
  };
  const pages = {
    event: page(PUBLIC_PAGES.event),
    checkout: page(PUBLIC_PAGES.checkout),
    eventThenCheckout: page(PUBLIC_PAGES.event, PUBLIC_PAGES.checkout),
    order: page(PUBLIC_PAGES.order),
    ticket: page(PUBLIC_PAGES.ticket),
  };
  return {
    budget: BUDGET_BYTES,
    entry: { files: [...entry].sort(), ...sum(entry) },
    locales: Object.fromEntries(locales.map((l) => [l.lng, sum(l.files)])),
    heaviestLocale: heaviestLocale.lng,
    pages,
    fileSizes: Object.fromEntries([...gz].sort((a, b) => b[1].gzip - a[1].gzip)),
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

function main() {
  const args = new Set(process.argv.slice(2));
  const result = measure();
  if (!result) {
    console.error('dist/web/.vite/manifest.json not found: build the web UI first (npx vite build).');
    process.exit(2);
  }
  if (args.has('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`Entry (main.tsx + static imports): ${kb(result.entry.gzip)} gzipped (${kb(result.entry.raw)} raw)`);
    console.log(`Public messages per language (gzipped): ${Object.entries(result.locales).map(([l, s]) => `${l} ${kb(s.gzip)}`).join(', ')}; counted: ${result.heaviestLocale} (the heaviest)`);
    console.log(`\nFirst load, JavaScript gzipped (budget ${kb(result.budget)} for event + checkout):`);
    for (const [name, p] of Object.entries(result.pages)) {
      console.log(`  ${name.padEnd(18)} ${kb(p.gzip).padStart(9)}   (${kb(p.raw)} raw, ${p.files.length} files)`);
    }
    console.log('\nFiles of event + checkout:');
    for (const f of result.pages.eventThenCheckout.files) {
      const s = result.fileSizes[f];
      console.log(`  ${kb(s.gzip).padStart(9)}  ${f}`);
    }
  }
  if (args.has('--check')) {
    const over = ['event', 'checkout', 'eventThenCheckout'].filter((k) => result.pages[k].gzip > result.budget);
    if (over.length) {
      console.error(`\nOver budget: ${over.map((k) => `${k} ${kb(result.pages[k].gzip)}`).join(', ')} > ${kb(result.budget)}`);
      process.exit(1);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
