import { loadConfig } from '../config.js';
import { openDatabase } from './client.js';
import { runMigrations } from './migrate.js';

// `npm run migrate`: apply pending migrations and exit (the server also migrates on start).
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolMax: 2 });
await runMigrations(database);
await database.close();
console.log(`Migrations applied to ${database.embedded ? `PGlite in ${config.dataDir}/db` : 'PostgreSQL'}`);
