import type { PgDatabase } from '../pg-driver-node.js'
import type { StorePortOptions, StorePorts } from '../ports/store-ports.js'
import { createPgAccountStore } from './pg-account-store.js'
import { createPgWrapStore } from './pg-wrap-store.js'
import { createPgAuditStore } from './pg-audit-store.js'
import { createPgTenantKeyStore } from './pg-tenant-key-store.js'
import { createPgThrottleStore } from './pg-throttle-store.js'

/** The store ports over PostgreSQL. */
export function createPgStorePorts(db: PgDatabase, options: StorePortOptions): StorePorts {
  return {
    tenantKeys: createPgTenantKeyStore(db),
    throttle: createPgThrottleStore(db),
    audit: createPgAuditStore(db, options.auditKey),
    accounts: createPgAccountStore(db, options.auditKey),
    wrap: createPgWrapStore(db),
  }
}
