import { createApp } from '../../src/app/create-app.js'
import type { AppDeps, AppSettings } from '../../src/app/deps.js'
import { createApiKey } from '../../src/auth/api-key-store.js'
import type { Scope } from '../../src/auth/scopes.js'
import {
  createMemoryLiveBreachStore,
  type LiveBreachStore,
} from '../../src/breach/live/live-breach-store.js'
import { createLiveCorpus } from '../../src/breach/live/live-corpus.js'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import type { BreachFilter, RangeReader } from '../../src/breach/range-reader.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { createManualClock } from '../../src/ports/clock.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'

export const TEST_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret!')

/** Cheap argon2 parameters for tests; production uses OWASP's. */
export const TEST_ARGON2 = { memoryKib: 8_192, iterations: 1, parallelism: 1 }

export interface TestAppOptions {
  corpus?: { reader: RangeReader; filter: BreachFilter }
  settings?: Partial<AppSettings>
  dbFile?: string
  /**
   * Adapters replacing the test ones. `liveBreach` is where incident exposures go and the
   * corpus reads them from (default: in memory, for the app's life).
   */
  deps?: Partial<Omit<AppDeps, 'corpus'>> & { liveBreach?: LiveBreachStore }
}

/**
 * The real app over real SQLite (in memory unless a file is given), a real argon2 hasher, a
 * manual clock and a memory logger. Tests drive it through `app.request()`.
 *
 * @example
 * const corpus = createMemoryCorpus([{ sha1: await sha1Hex('hunter2'), count: 7 }])
 * const t = createTestApp({ corpus })
 * afterAll(() => t.close())
 * const auth = await t.keyFor('acme', ['check'])
 * const res = await t.app.request(
 *   '/v1/passwords/check',
 *   jsonRequest('POST', { password: 'hunter2' }, auth),
 * )
 * expect((await res.json()).breach).toEqual({ breached: true, count: 7 })
 */
export function createTestApp(options: TestAppOptions = {}) {
  const driver = openSqliteDriver(options.dbFile ?? ':memory:')
  const clock = createManualClock()
  const logger = createMemoryLogger()
  const hasher = options.deps?.hasher ?? createNodeArgon2Hasher(TEST_ARGON2)
  const settings = {
    rangePublic: true,
    maxBodyBytes: 64 * 1024,
    maxImportBytes: 16 * 1024 * 1024,
    policy: { minLength: 15, minScore: 3, breachThreshold: 1 },
    secret: TEST_SECRET,
    // Padding failures to the slowest one seen only slows tests; the timing proof turns it on.
    loginFailureFloorAdaptive: false,
    ...options.settings,
  }
  const { liveBreach = createMemoryLiveBreachStore(), ...replaced } = options.deps ?? {}
  const deps: AppDeps = {
    settings,
    // The SQLite adapters over the test's database, linked with the app's audit chain key.
    stores: createSqliteStorePorts(driver, { auditKey: deriveAuditChainKey(settings.secret) }),
    corpus: createLiveCorpus(options.corpus ?? createMemoryCorpus(), liveBreach, {
      now: () => (replaced.clock ?? clock).now(),
      tenantQuota: settings.tenantCorpusQuota,
    }),
    hasher,
    hashPrimitives: createNodeHashPrimitives(hasher),
    clock,
    random: webCryptoRandom,
    logger,
    ...replaced,
  }
  const app = createApp(deps)

  /** Creates the tenant if needed and a key with the given scopes; returns the bearer header. */
  async function keyFor(tenantId: string, scopes: Scope[]): Promise<Record<string, string>> {
    await ensureTenant(driver.db, { id: tenantId, name: tenantId }, clock.now())
    const { key } = await createApiKey(deps.stores.tenantKeys, webCryptoRandom, {
      tenantId,
      scopes,
      now: clock.now(),
    })
    return { authorization: `Bearer ${key}` }
  }

  return { app, deps, driver, clock, logger, keyFor, close: () => driver.close() }
}

/** JSON request helper: `send(app, 'POST', '/v1/...', body, headers)`. */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }
}
