import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/worker runs inside workerd (`npm run test:worker`, vitest.workers.config.ts);
    // test/proof runs alone, one file at a time (`npm run test:proof`, vitest.proof.config.ts),
    // because load and timing figures mean nothing while other suites share the two cores.
    exclude: ['test/worker/**', 'test/proof/**', 'node_modules/**'],
    // One PostgreSQL per run for the store contract suite (embedded unless
    // PWGUARD_TEST_DATABASE_URL is set); it starts in the background.
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
