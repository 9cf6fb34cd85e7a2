import type { PgDatabase } from '../pg-driver-node.js'
import type { StorePorts } from '../ports/store-ports.js'
import { createPgTenantKeyStore } from './pg-tenant-key-store.js'
import { createPgThrottleStore } from './pg-throttle-store.js'

/** The store ports over PostgreSQL. */
export function createPgStorePorts(db: PgDatabase): StorePorts {
  return { tenantKeys: createPgTenantKeyStore(db), throttle: createPgThrottleStore(db) }
}
