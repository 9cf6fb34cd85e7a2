import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AppSettings } from '../app/deps.js'
import { ensureCorpus } from '../breach/corpus/build/ensure-file-corpus-node.js'
import { watchFileCorpus } from '../breach/corpus/read/watch-file-corpus-node.js'
import { appLiveCorpus } from '../breach/live/app-live-corpus.js'
import { openNodeLiveBreachStore } from '../breach/live/open-node-live-breach-store-node.js'
import { createUpstreamRangeClient } from '../breach/upstream/upstream-range-client.js'
import { appSettings } from '../config/app-settings.js'
import type { NodeConfig } from '../config/config.js'
import { createBoundedHasher } from '../hashing/bounded-password-hasher.js'
import { createNodeHashPrimitives } from '../hashing/hash-primitives-node.js'
import { createNodeWorkerArgon2Hasher } from '../hashing/worker-argon2-hasher-node.js'
import { nodeApiReferenceAssets } from '../meta/docs/api-reference-assets-node.js'
import { systemClock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { webCryptoRandom } from '../ports/random.js'
import { parseWebhookAllowList } from '../webhooks/webhook-allow-list.js'
import { createNodeWebhookSender } from '../webhooks/webhook-sender-node.js'
import { loadNodeSecret } from './node-files.js'

/**
 * What a Node instance builds whatever its database: the secret, the corpus files (watched for
 * rebuilds), native argon2 on worker threads, the webhook sender. The SQLite and the PostgreSQL
 * wiring add their store on top.
 */
export async function buildNodeRuntime(config: NodeConfig, logger: Logger) {
  const dataDir = dirname(config.dbFile)
  mkdirSync(dataDir, { recursive: true })
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
  const liveBreach = await openNodeLiveBreachStore(config, logger)
  // argon2 and every slow legacy family on niced worker threads, one per allowed concurrent
  // hash, behind one fair admission (see the adapters for why).
  const argon2 = createNodeWorkerArgon2Hasher(config.argon2, {
    threads: config.argon2Limits.maxConcurrent,
  })
  const hasher = createBoundedHasher(argon2, config.argon2Limits)
  const settings: AppSettings = {
    ...appSettings(config, secret),
    // The incident digest job may fill the argon2 pool; admission control keeps logins first.
    digestJobConcurrency: config.argon2Limits.maxConcurrent,
  }
  return {
    dataDir,
    hasher,
    deps: {
      settings,
      corpus: appLiveCorpus(corpus, liveBreach, { clock: systemClock, settings }),
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
      ...(config.upstream && {
        upstream: createUpstreamRangeClient({ ...config.upstream, logger }),
      }),
    },
    close: async () => {
      void argon2.close()
      corpus.reader.close()
      await liveBreach.close()
    },
  }
}
