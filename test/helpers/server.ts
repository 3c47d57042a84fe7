import net from 'node:net';
import { buildApp } from '../../src/server/app.js';
import { startTestContext } from './context.js';

/** A free loopback port, so APP_URL (links in pages and e-mails) can name it before start. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real listening Foyer (web UI served from dist/web) on a free port, for browser tests.
 * APP_URL is this server, so ticket and calendar links in e-mails point back at it.
 */
export async function startTestServer(opts: { env?: Record<string, string> } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ctx = await startTestContext({ env: { SERVE_WEB: 'true', APP_URL: url, ...opts.env } });
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port });
  return {
    url,
    async close() {
      await app.close();
      await ctx.shutdown();
    },
  };
}
