import { defineConfig } from 'vitest/config';

// Integration tests share one DuckDB file per test and one Neo4j per run, so files run in forked
// workers (native addons are not thread-safe to share) and never retry: a flaky test is a bug.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'ui/**'],
    pool: 'forks',
    setupFiles: ['./vitest.setup.ts'],
    // npm test alone starts the dev Neo4j for the Neo4j tests when NEO4J_URI is not set
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
