import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { AppDeps } from '../app/deps.js'
import { ensureCorpus } from '../breach/corpus/ensure-file-corpus.js'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../breach/live/sqlite-live-breach-store-node.js'
import { createUpstreamRangeClient } from '../breach/upstream/upstream-range-client.js'
import type { NodeConfig } from '../config/config.js'
import { createBoundedHasher } from '../hashing/bounded-password-hasher.js'
import { createNodeWorkerArgon2Hasher } from '../hashing/node-worker-argon2-hasher.js'
import { createNodeHashPrimitives } from '../hashing/node-hash-primitives.js'
import { systemClock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { webCryptoRandom } from '../ports/random.js'
import { openSqliteDriver } from '../store/sqlite-driver.js'
import { createFetchWebhookSender } from '../webhooks/webhook-sender.js'
import { loadOrCreateSecret } from './node-files.js'

/** Builds the Node adapters from the parsed config: SQLite file, corpus files, native argon2. */
export async function buildNodeDeps(config: NodeConfig, logger: Logger) {
  const dataDir = dirname(config.dbFile)
  mkdirSync(dataDir, { recursive: true })
  const driver = openSqliteDriver(config.dbFile)
  const secret = loadOrCreateSecret(config.secret, join(dataDir, 'secret'), webCryptoRandom, logger)
  const corpus = ensureCorpus({ dir: config.corpusDir, fpr: config.filterFpr, logger })
  const liveBreach = openSqliteLiveBreachStore(liveBreachFile(config.corpusDir))
  // argon2 on niced worker threads, one per allowed concurrent hash (see the adapter for why).
  const argon2 = createNodeWorkerArgon2Hasher(config.argon2, {
    threads: config.argon2Limits.maxConcurrent,
  })
  const hasher = createBoundedHasher(argon2, config.argon2Limits)
  const deps: AppDeps = {
    settings: {
      rangePublic: config.rangePublic,
      maxBodyBytes: config.maxBodyBytes,
      maxImportBytes: config.maxImportBytes,
      policy: config.policy,
      secret,
      tenantCorpusQuota: config.tenantCorpusQuota,
      // The incident digest job may fill the argon2 pool; admission control keeps logins first.
      digestJobConcurrency: config.argon2Limits.maxConcurrent,
    },
    driver,
    corpus,
    liveBreach,
    hasher,
    hashPrimitives: createNodeHashPrimitives(hasher),
    clock: systemClock,
    random: webCryptoRandom,
    logger,
    webhookSender: createFetchWebhookSender(),
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
