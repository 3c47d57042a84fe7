import { defineConfig } from 'vitest/config';

// Integration tests share one database per run: embedded PGlite (started in global setup)
// or the PostgreSQL given by DATABASE_URL (reset at the start of the run). Tests create their
// own organisations, so they never see each other's data — tenant scoping at work.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
