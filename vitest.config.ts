import { defineConfig } from 'vitest/config';

// Tiers: unit (pure code), api (Fastify inject against PGlite and against PostgreSQL: the same files twice),
// browser (headless Chromium). scripts/test.mjs picks the tiers and says plainly which were skipped.
const apiProject = (db: 'pglite' | 'postgres') => ({
  test: {
    name: `api-${db}`,
    include: ['server/src/**/*.api.test.ts'],
    env: { PARLEY_TEST_DB: db },
    globalSetup: ['server/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite takes a few hundred MB per file; two files at a time fit the 2-core machine.
    maxWorkers: 2,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{contracts,server,web}/src/**/*.test.ts'],
          exclude: ['**/*.api.test.ts', '**/node_modules/**'],
          // As many as the API tiers: vitest runs projects of equal maxWorkers side by side (otherwise the unit tier
          // waits for them, on one worker, the 2-core default).
          maxWorkers: 2,
        },
      },
      apiProject('pglite'),
      apiProject('postgres'),
      {
        test: {
          name: 'browser',
          include: ['web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['web/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // expect.poll waits as long as Playwright's locators do (helpers.ts: 15 s), not vitest's 1 s: on a busy
          // 2-core machine a saved change can take longer than a second to show.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
