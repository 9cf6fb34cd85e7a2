import { applyD1Migrations } from 'cloudflare:test'
import { seedCorpus, testEnv } from './worker-test-env.js'

// Before each test file: the committed drizzle migrations, applied to the suite's local D1 the way
// `wrangler d1 migrations apply` applies them in production (idempotent per file).
await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS)
// ...and the corpus upload, as the deploy guide does with `wrangler r2 object put`.
await seedCorpus()
