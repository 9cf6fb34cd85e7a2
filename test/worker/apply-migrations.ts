import { applyD1Migrations } from 'cloudflare:test'
import { testEnv } from './worker-test-env.js'

// Before each test file: the committed drizzle migrations, applied to the suite's local D1 the way
// `wrangler d1 migrations apply` applies them in production (idempotent per file).
await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS)
