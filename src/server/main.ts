import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';

const started = Date.now();
const config = loadConfig();
// Start-up is mostly two waits: the embedded database (WASM, compiled off the main thread)
// and loading the application's modules. Start the first, then do the second meanwhile.
const opening = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolMax: config.DB_POOL_MAX });
opening.catch(() => undefined); // a failure surfaces at the await below, not as an unhandled rejection
const [{ createContext }, { buildApp }] = await Promise.all([import('./bootstrap.js'), import('./app.js')]);
const ctx = await createContext(config, { database: await opening });
const app = await buildApp(ctx);
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
