import { deriveAuditChainKey } from '../audit/audit-chain-key.js'
import type { StoreDriver } from '../store/database.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { createSqliteStorePorts } from '../store/sqlite/sqlite-store-ports.js'

/**
 * The store ports for code that runs outside a request (start-up, delivery passes): the
 * entry's own (PostgreSQL), or the SQLite adapters over `driver`, as `buildServices` does.
 */
export function appStores(deps: {
  driver: StoreDriver
  stores?: StorePorts
  settings: { secret: Uint8Array }
}): StorePorts {
  const auditKey = deriveAuditChainKey(deps.settings.secret)
  return deps.stores ?? createSqliteStorePorts(deps.driver, { auditKey })
}
