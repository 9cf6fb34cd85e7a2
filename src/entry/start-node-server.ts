import { serve } from '@hono/node-server'
import { join } from 'node:path'
import { createApp } from '../app/create-app.js'
import { bootstrapAdminKey } from '../auth/bootstrap-admin-key.js'
import { logBootstrapOutcome } from '../auth/bootstrap-log.js'
import { createRangeFastPathServer } from '../breach/range-server-node.js'
import type { NodeConfig } from '../config/config.js'
import type { Logger } from '../ports/logger.js'
import { startWebhookDeliveryLoop } from '../webhooks/webhook-delivery-loop-node.js'
import { withLiveCorpus } from '../breach/live/with-live-corpus.js'
import { buildNodeDeps } from './build-node-deps.js'
import { writeAdminKeyFile } from './node-files.js'

/** Opens storage, makes sure an admin key exists, and serves until SIGINT/SIGTERM. */
export async function startNodeServer(config: NodeConfig, logger: Logger) {
  const started = performance.now()
  const built = await buildNodeDeps(config, logger)
  const { dataDir, close, checkpoint } = built
  // One live-merged corpus for the app and the range fast path, so both see exposures at once.
  const deps = withLiveCorpus(built.deps)
  // Once per database: a restart (with or without the variable) never mints another key.
  const outcome = await bootstrapAdminKey(deps, {
    bootstrapKey: config.bootstrapKey,
    now: deps.clock.now(),
    generate: true,
  })
  if (outcome.kind === 'generated') {
    const file = join(dataDir, 'admin-key')
    writeAdminKeyFile(file, outcome.key)
    logger.warn('the generated admin key is in this file', { file })
  }
  logBootstrapOutcome(logger, outcome)
  const app = createApp(deps)
  const delivery = startWebhookDeliveryLoop(deps)
  // Old page images (a digest before its upgrade) live in the WAL until it is truncated.
  const checkpoints = setInterval(() => {
    try {
      checkpoint()
    } catch (error) {
      logger.warn('WAL checkpoint failed', { error: (error as Error).name })
    }
  }, 10_000)
  checkpoints.unref()
  const createServer = createRangeFastPathServer(deps)
  const server = serve(
    { fetch: app.fetch, port: config.port, hostname: config.host, createServer },
    (info) =>
      logger.info('pwguard listening', {
        port: info.port,
        startupMs: Math.round(performance.now() - started),
      }),
  )
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal })
    // In-flight deliveries finish (bounded by their timeout) before the database closes.
    clearInterval(checkpoints)
    const stopping = delivery.stop()
    server.close(() => {
      void stopping.then(() => {
        close()
        process.exit(0)
      })
    })
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  return server
}
