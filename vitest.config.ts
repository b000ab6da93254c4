import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Renderer tests here cover plain modules only; screens are covered by the Playwright specs.
    include: ['engine/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/engine.json' }]],
  },
});
