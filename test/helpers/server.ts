import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/server/app.js';
import { startTestContext } from './context.js';

/**
 * A real listening Foyer (web UI served from dist/web) on a free port, for browser tests.
 * APP_URL follows the chosen port so links in pages and e-mails point back at this server.
 */
export async function startTestServer(opts: { env?: Record<string, string> } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const ctx = await startTestContext({ env: { SERVE_WEB: 'true', ...opts.env } });
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await ctx.shutdown();
    },
  };
}
