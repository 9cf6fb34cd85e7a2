import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/worker runs inside workerd (`npm run test:worker`, vitest.workers.config.ts);
    // test/proof runs alone, one file at a time (`npm run test:proof`, vitest.proof.config.ts),
    // because load and timing figures mean nothing while other suites share the two cores.
    exclude: ['test/worker/**', 'test/proof/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
