import { defineConfig } from 'vitest/config';

// Tiers: unit (pure code), api (Fastify inject against PGlite and PostgreSQL), browser (headless Chromium).
// scripts/test.mjs decides which tiers run and says plainly which were skipped.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{contracts,server,web}/src/**/*.test.ts'],
          exclude: ['**/*.api.test.ts', '**/node_modules/**'],
        },
      },
    ],
  },
});
