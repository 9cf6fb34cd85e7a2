import type { NodeConfig } from '../config/config.js'
import { pgPoolStats } from '../meta/pg-pool-stats.js'
import type { Logger } from '../ports/logger.js'
import { createPgStorePorts } from '../store/pg/pg-store-ports.js'
import { openPgDriver } from '../store/pg-driver-node.js'
import { nodeAppDeps } from './node-app-deps.js'
import { buildNodeRuntime } from './node-runtime-deps.js'
import type { StorePortOptions } from '../store/ports/store-ports.js'
import type { NodeDeps } from './node-deps.js'

/**
 * Builds the Node adapters for one instance of a fleet sharing a PostgreSQL database: a pool of
 * `PWGUARD_DATABASE_POOL_SIZE` connections, the committed migrations applied before serving
 * (under an advisory lock, so instances starting together queue), the store ports on it, and
 * the corpus files and argon2 threads every instance has of its own.
 */
export async function buildPgNodeDeps(config: NodeConfig, logger: Logger): Promise<NodeDeps> {
  if (config.database.kind !== 'postgres') throw new Error('buildPgNodeDeps needs a postgres URL')
  const { url, poolSize } = config.database
  const pg = await openPgDriver({ url, poolSize })
  logger.info('postgresql ready', { poolSize, migrationsApplied: pg.migrationsApplied })
  const runtime = await buildNodeRuntime(config, logger)
  const stores = (options: StorePortOptions) => createPgStorePorts(pg.db, options)
  const deps = nodeAppDeps(runtime, config, stores, { poolStats: pgPoolStats(pg.pool) })
  return {
    deps,
    dataDir: runtime.dataDir,
    // `database` replaces the basic probe's SQLite query: the fleet's state is in PostgreSQL.
    readinessChecks: async () => ({
      database: await pg.ping().then(
        () => true,
        () => false,
      ),
      migrations: await pg.migrationsCurrent().catch(() => false),
    }),
    close: async () => {
      await runtime.close()
      await pg.close()
    },
  }
}
