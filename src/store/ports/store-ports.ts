import type { TenantKeyStore } from './tenant-key-store.js'
import type { ThrottleStore } from './throttle-store.js'

/**
 * The store ports built so far (issue 11). Features move onto these one aggregate at a time;
 * until then they keep using `StoreDriver.db` (SQLite/D1 only).
 */
export interface StorePorts {
  tenantKeys: TenantKeyStore
  throttle: ThrottleStore
}
