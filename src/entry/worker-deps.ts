import type { AppDeps } from '../app/deps.js'
import type { R2CorpusBucket } from '../breach/corpus/read/r2-corpus-bucket.js'
import { createMemoryLiveBreachStore } from '../breach/live/live-breach-store.js'
import { appLiveCorpus } from '../breach/live/app-live-corpus.js'
import { createUpstreamRangeClient } from '../breach/upstream/upstream-range-client.js'
import { createBoundedHasher } from '../hashing/bounded-password-hasher.js'
import { createWasmArgon2Hasher, type WasmModule } from '../hashing/wasm-argon2-hasher.js'
import { createYieldingHasher } from '../hashing/yielding-hasher.js'
import { systemClock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { webCryptoRandom } from '../ports/random.js'
import { deriveAuditChainKey } from '../audit/audit-chain-key.js'
import { createSqliteStorePorts } from '../store/sqlite/sqlite-store-ports.js'
import { createD1Driver, type D1Binding } from '../store/d1-driver.js'
import type { WorkerConfig } from './worker-config.js'
import { appSettings } from '../config/app-settings.js'
import type { EdgeCache } from '../breach/corpus/read/edge-cached-range-reader.js'
import { openWorkerCorpus } from './worker-corpus.js'
import {
  createD1LiveBreachStore,
  type D1LiveDatabase,
} from '../breach/live/d1-live-breach-store.js'
import { createWorkerHashPrimitives } from './worker-hash-primitives.js'
import { r2ApiReferenceAssets } from '../meta/docs/api-reference-assets-r2.js'

/** The bindings wrangler.toml declares; vars and secrets arrive beside them as strings. */
export interface WorkerEnv {
  DB: D1Binding
  CORPUS: R2CorpusBucket
  /** Live additions (incident exposures): a D1 database apart from DB. */
  LIVE_DB?: D1LiveDatabase
  [name: string]: unknown
}

/**
 * Builds the Worker adapters: D1 store, R2 corpus, WASM argon2, the live-additions store on
 * its own D1 (LIVE_DB), and the upstream range client (global fetch) when
 * PWGUARD_UPSTREAM_RANGE_URL is set. Once per isolate.
 */
export async function buildWorkerDeps(
  env: WorkerEnv,
  config: WorkerConfig,
  argon2Wasm: WasmModule,
  logger: Logger,
): Promise<AppDeps> {
  if (!env.DB) throw new Error('the DB binding (D1) is missing: see wrangler.toml')
  if (!env.CORPUS) throw new Error('the CORPUS binding (R2) is missing: see wrangler.toml')
  const corpus = await openWorkerCorpus(env.CORPUS, {
    prefix: config.corpusPrefix,
    maxFilterBytes: config.maxFilterBytes,
    logger,
    // workerd's Cache API: the colo's cache in front of R2 (absent outside workerd).
    edgeCache: (globalThis as { caches?: { default?: EdgeCache } }).caches?.default,
  })
  // One argon2 at a time per isolate (WASM is synchronous), behind the same bounded, per-tenant
  // fair admission as Node: beyond the queue bound, 503 overloaded + Retry-After, never an unbounded queue.
  const argon2 = createYieldingHasher(createWasmArgon2Hasher(argon2Wasm, config.argon2))
  const hasher = createBoundedHasher(argon2, { ...config.argon2Limits, maxConcurrent: 1 })
  const d1Live = env.LIVE_DB ? createD1LiveBreachStore(env.LIVE_DB) : undefined
  await d1Live?.preload()
  if (!d1Live) logger.warn('no LIVE_DB binding: incident additions last per isolate only')
  const liveBreach = d1Live ?? createMemoryLiveBreachStore()
  const secret = new TextEncoder().encode(config.secret)
  const settings = appSettings(config, secret)
  const deps = {
    settings,
    stores: createSqliteStorePorts(createD1Driver(env.DB), {
      auditKey: deriveAuditChainKey(secret),
    }),
    corpus: appLiveCorpus(corpus, liveBreach, { clock: systemClock, settings }),
    hasher,
    hashPrimitives: createWorkerHashPrimitives(hasher, argon2),
    clock: systemClock,
    random: webCryptoRandom,
    logger,
    ...(config.apiReferenceVersion && {
      apiReference: r2ApiReferenceAssets(env.CORPUS, config.apiReferenceVersion, systemClock),
    }),
    ...(config.upstream && {
      // 500 cached prefixes stay under ~21 MB even at HIBP density: the isolate has 128 MB.
      upstream: createUpstreamRangeClient({ ...config.upstream, maxEntries: 500, logger }),
    }),
  }
  return deps
}
