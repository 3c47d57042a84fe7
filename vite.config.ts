import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const api = process.env.FOYER_API_URL ?? 'http://127.0.0.1:3000';

// src/web/api/*.ts is served at /api/*.ts in dev: those module requests stay with Vite, every
// other /api request goes to the Fastify server.
const toServer: ProxyOptions = {
  target: api,
  changeOrigin: false,
  bypass: (req) => {
    const url = (req.url ?? '').split('?')[0] ?? '';
    return fs.existsSync(path.join(root, url)) && fs.statSync(path.join(root, url)).isFile() ? req.url : undefined;
  },
};
const proxy = { '/api': toServer, '/webhooks': { target: api, changeOrigin: false } };

// The SPA lives in src/web and is served by the Fastify server from dist/web (SPA fallback).
// Public pages stay in the small entry chunk; the organiser app, auth pages, dates and forms
// are reached through React Router `lazy` routes and so end up in their own chunks.
export default defineConfig(({ command }) => {
  // A build is always a production build. Started from a test runner (NODE_ENV=test) Vite would
  // otherwise mix React's production runtime with development JSX and emit broken chunks. Vite
  // itself sets NODE_ENV=production for builds when it is unset; this extends that to "test".
  if (command === 'build' && process.env.NODE_ENV !== 'production') {
    if (process.env.NODE_ENV) console.warn(`vite build: NODE_ENV was "${process.env.NODE_ENV}"; building for production`);
    process.env.NODE_ENV = 'production';
  }
  return {
    root,
    base: '/',
    plugins: [react()],
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // dist/web/.vite/manifest.json: chunk graph read by scripts/bundle-size.mjs (first-load budget).
      manifest: true,
      chunkSizeWarningLimit: 600,
    },
    server: { port: 5173, proxy },
    preview: { proxy },
  };
});
