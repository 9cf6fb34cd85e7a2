import type { Logger } from '../../ports/logger.js'
import type { LiveBreachStore } from './live-breach-store.js'
import { openPgLiveBreachStore } from './pg-live-breach-store-node.js'
import { liveBreachFile, openSqliteLiveBreachStore } from './sqlite-live-breach-store-node.js'

/** The slice of the Node config that places the live store. */
export interface LiveStoreConfig {
  corpusDir: string
  liveDatabaseUrl: string | null
  database: { kind: 'sqlite' | 'postgres' }
}

/**
 * Opens the live additions for the Node server and the CLI: PostgreSQL when
 * PWGUARD_LIVE_DATABASE_URL names one (every instance sees every addition, see
 * pg-live-breach-store-node.ts), else the SQLite file beside the corpus folder.
 */
export async function openNodeLiveBreachStore(
  config: LiveStoreConfig,
  logger?: Logger,
): Promise<LiveBreachStore & { close(): void | Promise<void> }> {
  if (config.liveDatabaseUrl) return openPgLiveBreachStore({ url: config.liveDatabaseUrl })
  if (config.database.kind === 'postgres') {
    logger?.warn(
      'PWGUARD_DATABASE_URL is set but PWGUARD_LIVE_DATABASE_URL is not: breached passwords added from incidents stay on this instance',
    )
  }
  return openSqliteLiveBreachStore(liveBreachFile(config.corpusDir))
}
