import { defineConfig } from 'vitest/config';

/** The PostgreSQL store's tests: they need a server, which their project's global setup provides. */
const POSTGRES_TESTS = 'engine/store/postgres/**/*.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker less than the cores: a single one on a two-core machine, where most
    // of the slow files wait on the Pulumi CLI, PostgreSQL or child processes rather than compute.
    maxWorkers: Number(process.env.NIMBUS_TEST_WORKERS ?? 3),
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/engine.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'engine',
          // Renderer tests here cover plain modules only; screens are covered by the Playwright specs.
          include: ['engine/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/src/**/*.test.ts'],
          exclude: ['**/node_modules/**', POSTGRES_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [POSTGRES_TESTS],
          // Starts a throwaway cluster (or uses NIMBUS_TEST_DATABASE_URL) only when these tests run.
          globalSetup: ['engine/store/postgres/test-support/global-setup.ts'],
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
