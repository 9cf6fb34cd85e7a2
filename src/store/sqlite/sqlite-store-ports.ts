import type { Database } from '../database.js'
import type { StorePorts } from '../ports/store-ports.js'
import { createSqliteTenantKeyStore } from './sqlite-tenant-key-store.js'
import { createSqliteThrottleStore } from './sqlite-throttle-store.js'

/** The store ports over a SQLite drizzle database (better-sqlite3 or D1). */
export function createSqliteStorePorts(db: Database): StorePorts {
  return { tenantKeys: createSqliteTenantKeyStore(db), throttle: createSqliteThrottleStore(db) }
}
