import { fileURLToPath } from 'node:url'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { apiReferenceBundle } from './src/meta/docs/api-reference-assets-node.js'
import {
  buildWorkerTestCorpus,
  nodeArgon2Fixtures,
  nodeArgon2Service,
  nodeBcryptFixtures,
  outboundService,
  UPSTREAM_ONLY,
} from './test/worker/worker-fixtures-node.js'

/**
 * The Worker suite: test/worker/**\/*.worker.test.ts run inside workerd (Miniflare, offline)
 * against src/entry/worker.ts with a local D1 (the committed migrations applied in
 * test/worker/apply-migrations.ts) and a local R2 bucket seeded from a corpus built here by
 * the real Node builder.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(
    fileURLToPath(new URL('./src/store/migrations', import.meta.url)),
  )
  const corpus = buildWorkerTestCorpus()
  process.once('exit', corpus.cleanup)
  const passwords = ['correct horse battery staple', 'pässwörd ✓ 密码', `${'é'.repeat(35)}x€€`]
  const argon2Fixtures = await nodeArgon2Fixtures(passwords)
  const bcryptFixtures = await nodeBcryptFixtures(passwords)
  return {
    plugins: [
      cloudflareTest({
        main: './src/entry/worker.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            TEST_CORPUS_FILES: corpus.names,
            TEST_NODE_ARGON2_FIXTURES: argon2Fixtures,
            TEST_NODE_BCRYPT_FIXTURES: bcryptFixtures,
            TEST_UPSTREAM_ONLY: UPSTREAM_ONLY,
            PWGUARD_SECRET: 'worker-test-secret-worker-test-secret!',
            PWGUARD_BOOTSTRAP_KEY: 'pwg_bootstrap_worker-test-admin-key',
            PWGUARD_ARGON2_MEMORY_KIB: '8192',
            PWGUARD_ARGON2_ITERATIONS: '1',
            PWGUARD_LOG: 'silent',
          },
          dataBlobBindings: { ...corpus.blobs, TEST_API_REFERENCE: apiReferenceBundle().file },
          serviceBindings: { NODE_ARGON2: nodeArgon2Service },
          // The Worker's global fetch (the upstream client) goes here, never to the network.
          outboundService,
        },
      }),
    ],
    test: {
      include: ['test/worker/**/*.worker.test.ts'],
      setupFiles: ['./test/worker/apply-migrations.ts'],
      testTimeout: 30_000,
    },
  }
})
