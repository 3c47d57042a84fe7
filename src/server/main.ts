import { loadConfig } from './config.js';
import { createContext } from './bootstrap.js';

const started = Date.now();
const config = loadConfig();
// Load the HTTP layer while the database opens: start-up is mostly these two waits.
const appModule = import('./app.js');
const ctx = await createContext(config);
const app = await (await appModule).buildApp(ctx);
await app.listen({ port: config.PORT, host: config.HOST });
ctx.log.info(
  { url: config.appUrl, database: ctx.database.embedded ? `PGlite in ${config.dataDir}/db` : 'PostgreSQL', readyInMs: Date.now() - started },
  'Foyer is ready',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    await app.close();
    await ctx.shutdown();
    process.exit(0);
  });
}
