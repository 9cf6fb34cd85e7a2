import type { NodeConfig } from '../config/config.js'
import type { Logger } from '../ports/logger.js'
import { openSqliteDriver } from '../store/sqlite-driver-node.js'
import { createSqliteStorePorts } from '../store/sqlite/sqlite-store-ports.js'
import { sqliteMigrationsCurrent } from '../store/sqlite-migrations-node.js'
import { nodeAppDeps } from './node-app-deps.js'
import { buildNodeRuntime } from './node-runtime-deps.js'
import type { NodeDeps } from './node-deps.js'

/** Builds the Node adapters from the parsed config: SQLite file, corpus files, native argon2. */
export async function buildNodeDeps(config: NodeConfig, logger: Logger) {
  const runtime = await buildNodeRuntime(config, logger)
  const driver = openSqliteDriver(config.dbFile)
  // SQLite has no pool; the PostgreSQL wiring adds `poolStats` to the metrics.
  const deps = nodeAppDeps(runtime, config, (options) => createSqliteStorePorts(driver, options))
  const built = {
    deps,
    /** The SQLite file itself, for benches and tools that inspect it; features use `stores`. */
    driver,
    dataDir: runtime.dataDir,
    readinessChecks: async () => ({
      migrations: await sqliteMigrationsCurrent(driver.db).catch(() => false),
    }),
    // Old page images (a digest before its upgrade) live in the WAL until it is truncated.
    checkpoint: () => driver.checkpoint(),
    close: async () => {
      await runtime.close()
      driver.close()
    },
  }
  return built satisfies NodeDeps
}
