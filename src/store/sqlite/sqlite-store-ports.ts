import type { StoreDriver } from '../database.js'
import type { StorePortOptions, StorePorts } from '../ports/store-ports.js'
import { createSqliteAccountStore } from './sqlite-account-store.js'
import { createSqliteWrapStore } from './sqlite-wrap-store.js'
import { createSqliteAuditStore } from './sqlite-audit-store.js'
import { createSqliteTenantKeyStore } from './sqlite-tenant-key-store.js'
import { createSqliteThrottleStore } from './sqlite-throttle-store.js'

/** The store ports over a SQLite drizzle database (better-sqlite3 or D1). */
export function createSqliteStorePorts(driver: StoreDriver, options: StorePortOptions): StorePorts {
  return {
    tenantKeys: createSqliteTenantKeyStore(driver.db),
    throttle: createSqliteThrottleStore(driver.db),
    audit: createSqliteAuditStore(driver, options.auditKey),
    accounts: createSqliteAccountStore(driver, options.auditKey),
    wrap: createSqliteWrapStore(driver.db),
  }
}
