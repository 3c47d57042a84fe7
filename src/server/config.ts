import { z } from 'zod';
import path from 'node:path';

/**
 * All configuration comes from the environment, parsed once here so a typo in a
 * variable fails at start-up with the variable's name rather than deep inside a request.
 */
// An empty variable (e.g. `DATABASE_URL=`) means "not set".
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Unset → embedded PGlite in DATA_DIR/db served over a loopback socket. */
  DATABASE_URL: optional(z.string().url()),
  DATA_DIR: z.string().default('./data'),
  /** Key material for encrypting stored credentials; generated into DATA_DIR when embedded. */
  APP_SECRET: optional(z.string().min(32, 'APP_SECRET must be at least 32 characters')),
  APP_URL: optional(z.string().url()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // At least 2: migrations run on one connection while another holds the migration lock.
  DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
  SEAT_HOLD_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Installation-wide default service fee in percent (SPEC 1: default 0 %). */
  FEE_PERCENT: z.coerce.number().min(0).max(50).default(0),
  JITSI_DOMAIN: z.string().default('meet.jit.si'),
  /** Zoom's OAuth host; its token response names the (regional) API host. Tests point it at the emulator. */
  ZOOM_OAUTH_URL: z.string().url().default('https://zoom.us'),
  /** A Zoom call taking longer than this counts as lost (it may still have taken effect). */
  ZOOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * How long a sync job holds the registrations it is working on. A worker that dies mid-call
   * leaves its rows leased; any later sync of that conference takes them over after this.
   */
  SYNC_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  SMTP_URL: optional(z.string()),
  /** Sender address of notices (the organisation's sender name is put in front). */
  MAIL_FROM: optional(z.string()),
  /**
   * Schema of pg-boss's tables. Separate installations sharing one database (or parallel test
   * files sharing one test database) each use their own, so one's workers never take the
   * other's jobs.
   */
  JOB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'JOB_SCHEMA must be a lower-case SQL identifier').default('pgboss'),
  /** Run pg-boss workers in this process (set to false for API-only replicas). */
  WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Serve the built web UI from dist/web. */
  SERVE_WEB: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Stripe API endpoint for the SDK (`host`/`port`/`protocol`); unset → api.stripe.com. Tests point it at the emulator. */
  STRIPE_API_HOST: optional(z.string()),
  STRIPE_API_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  STRIPE_API_PROTOCOL: optional(z.enum(['http', 'https'])),
  /** PayPal REST base (sandbox by default; https://api-m.paypal.com in production). */
  PAYPAL_API_URL: z.string().url().default('https://api-m.sandbox.paypal.com'),
  /** PayU REST base (sandbox by default; https://secure.payu.com in production) and its OAuth endpoint. */
  PAYU_API_URL: z.string().url().default('https://secure.snd.payu.com'),
  PAYU_OAUTH_URL: optional(z.string().url()),
});

export type Config = z.infer<typeof EnvSchema> & {
  dataDir: string;
  appUrl: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    appUrl: (c.APP_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
  };
}
