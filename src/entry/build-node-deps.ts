import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AppDeps } from '../app/deps.js'
import { ensureCorpus } from '../breach/corpus/build/ensure-file-corpus-node.js'
import { watchFileCorpus } from '../breach/corpus/read/watch-file-corpus-node.js'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../breach/live/sqlite-live-breach-store-node.js'
import { createUpstreamRangeClient } from '../breach/upstream/upstream-range-client.js'
import type { NodeConfig } from '../config/config.js'
import { createBoundedHasher } from '../hashing/bounded-password-hasher.js'
import { createNodeWorkerArgon2Hasher } from '../hashing/worker-argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../hashing/hash-primitives-node.js'
import { nodeApiReferenceAssets } from '../meta/docs/api-reference-assets-node.js'
import { createPromMetrics } from '../meta/prom-metrics-node.js'
import { systemClock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { webCryptoRandom } from '../ports/random.js'
import { openSqliteDriver } from '../store/sqlite-driver.js'
import { parseWebhookAllowList } from '../webhooks/webhook-allow-list.js'
import { createNodeWebhookSender } from '../webhooks/webhook-sender-node.js'
import { loadNodeSecret } from './node-files.js'
import { outboxBacklog } from './outbox-backlog.js'

/** Builds the Node adapters from the parsed config: SQLite file, corpus files, native argon2. */
export async function buildNodeDeps(config: NodeConfig, logger: Logger) {
  const dataDir = dirname(config.dbFile)
  mkdirSync(dataDir, { recursive: true })
  const driver = openSqliteDriver(config.dbFile)
  const secret = loadNodeSecret(config, logger)
  const opened = ensureCorpus({
    dir: config.corpusDir,
    fpr: config.filterFpr,
    filter: config.corpusFilter,
    logger,
  })
  // A newer build of the folder (`pwguard corpus build|update`) is served within 5 s.
  const corpus = watchFileCorpus(opened, {
    dir: config.corpusDir,
    logger,
    filter: config.corpusFilter,
  })
  const liveBreach = openSqliteLiveBreachStore(liveBreachFile(config.corpusDir))
  // argon2 and every slow legacy family on niced worker threads, one per allowed concurrent
  // hash, behind one fair admission (see the adapters for why).
  const argon2 = createNodeWorkerArgon2Hasher(config.argon2, {
    threads: config.argon2Limits.maxConcurrent,
  })
  const hasher = createBoundedHasher(argon2, config.argon2Limits)
  const deps: AppDeps = {
    settings: {
      rangePublic: config.rangePublic,
      corsOrigins: config.corsOrigins,
      maxBodyBytes: config.maxBodyBytes,
      maxImportBytes: config.maxImportBytes,
      loginFailureFloorMs: config.loginFailureFloorMs,
      policy: config.policy,
      secret,
      verifyCpuMsPerMinute: config.verifyCpuMsPerMinute,
      webhookAllowedHosts: config.webhookAllowedHosts,
      tenantCorpusQuota: config.tenantCorpusQuota,
      // The incident digest job may fill the argon2 pool; admission control keeps logins first.
      digestJobConcurrency: config.argon2Limits.maxConcurrent,
    },
    driver,
    corpus,
    liveBreach,
    hasher,
    hashPrimitives: createNodeHashPrimitives(hasher, argon2),
    clock: systemClock,
    random: webCryptoRandom,
    logger,
    apiReference: nodeApiReferenceAssets(),
    // Resolves and pins the address it checked: a name that points inward is refused.
    webhookSender: createNodeWebhookSender({
      allow: parseWebhookAllowList(config.webhookAllowedHosts),
    }),
    ...(config.metricsToken && {
      // SQLite has no pool: PostgreSQL wiring adds `poolStats: pgPoolStats(driver.pool)`.
      metrics: createPromMetrics(config.metricsToken, {
        hasherStats: () => hasher.stats(),
        outboxBacklog: outboxBacklog(driver.db),
      }),
    }),
    ...(config.upstream && {
      upstream: createUpstreamRangeClient({ ...config.upstream, logger }),
    }),
  }
  return {
    deps,
    dataDir,
    checkpoint: () => driver.checkpoint(),
    close: () => {
      void argon2.close()
      corpus.reader.close()
      liveBreach.close()
      driver.close()
    },
  }
}
