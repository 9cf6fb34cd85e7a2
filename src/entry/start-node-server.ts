import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { createApp } from '../app/create-app.js'
import { bootstrapAdminKey } from '../auth/bootstrap-admin-key.js'
import { logBootstrapOutcome } from '../auth/bootstrap-log.js'
import { createRangeFastPathServer } from '../breach/range-server-node.js'
import type { NodeConfig } from '../config/config.js'
import type { Logger } from '../ports/logger.js'
import { startWebhookDeliveryLoop } from '../webhooks/webhook-delivery-loop-node.js'
import { buildNodeDeps } from './build-node-deps.js'
import { buildPgNodeDeps } from './build-pg-node-deps.js'
import type { NodeDeps } from './node-deps.js'
import { createGracefulShutdown } from './graceful-shutdown-node.js'
import { writeAdminKeyFile } from './node-files.js'

/** Opens storage, makes sure an admin key exists, and serves until SIGINT/SIGTERM. */
export async function startNodeServer(config: NodeConfig, logger: Logger) {
  const started = performance.now()
  const built: NodeDeps =
    config.database.kind === 'postgres'
      ? await buildPgNodeDeps(config, logger)
      : await buildNodeDeps(config, logger)
  const { dataDir, close, checkpoint } = built
  const draining = { value: false }
  // built.deps.corpus merges the live additions: the app and the range fast path share it.
  const deps = {
    ...built.deps,
    readiness: {
      checks: async () => ({
        ...(await built.readinessChecks()),
        accepting: !draining.value,
      }),
    },
  }
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
  const checkpoints = setInterval(() => {
    try {
      checkpoint?.()
    } catch (error) {
      logger.warn('store checkpoint failed', { error: (error as Error).name })
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
  const shutdown = createGracefulShutdown({
    server: server as Server,
    timeoutMs: config.shutdownTimeoutMs,
    logger,
    // In-flight deliveries finish (bounded by their timeout) before the database closes.
    stopBackground: async () => {
      clearInterval(checkpoints)
      await delivery.stop()
    },
    close,
    exit: (code) => process.exit(code),
  })
  const stop = (signal: string) => {
    draining.value = true
    shutdown(signal)
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  return server
}
