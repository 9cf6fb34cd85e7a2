import { deriveAuditChainKey } from '../audit/audit-chain-key.js'
import type { NodeConfig } from '../config/config.js'
import { createPgStorePorts } from '../store/pg/pg-store-ports.js'
import { openPgDriver } from '../store/pg-driver-node.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { createSqliteStorePorts } from '../store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../store/sqlite-driver-node.js'

/** The store ports a CLI command works on, and how to let go of them. */
export interface CliStores {
  stores: StorePorts
  close(): Promise<void>
}

/**
 * The one place CLI commands get their store ports: PostgreSQL when PWGUARD_DATABASE_URL is
 * set, else the SQLite file, linked with the same audit chain key the server uses (so entries a
 * command appends verify alongside the server's).
 */
export async function openCliStores(config: NodeConfig, secret: Uint8Array): Promise<CliStores> {
  const options = { auditKey: deriveAuditChainKey(secret) }
  if (config.database.kind === 'postgres') {
    const { url, poolSize } = config.database
    const driver = await openPgDriver({ url, poolSize })
    return { stores: createPgStorePorts(driver.db, options), close: () => driver.close() }
  }
  const driver = openSqliteDriver(config.dbFile)
  return {
    stores: createSqliteStorePorts(driver, options),
    close: async () => driver.close(),
  }
}
