import { defineConfig } from 'vitest/config'

// The reliability and security suite: fuzzing, access, faults, timing, load.
// Sequential on purpose; PWGUARD_LOAD_SECONDS=600 turns the 2-minute load run into the soak.
export default defineConfig({
  test: {
    include: ['test/proof/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
})
