import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests beside the code, API tests against real PostGIS (embedded and,
// when TEST_DATABASE_URL is set, a server), and browser tests in real Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['api/**/*.test.ts', 'geodata/**/*.test.ts', 'tiles/**/*.test.ts', 'web/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/setup/databases.ts'],
          // One embedded PGlite backend serves every file; files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/databases.ts', 'test/setup/web-build.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
