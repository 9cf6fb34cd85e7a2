import type { AuditedEntry } from './audited-write.js'
import type { ApiKeyRow } from './tenant-key-store.js'

/**
 * Port for an admin's changes to API keys, each written with the audit entry that records it
 * in one atomic write (the console's key page; the keys CLI can move here too). Reads stay on
 * `TenantKeyStore`.
 */
export interface ApiKeyAdminStore {
  /** Stores the key (its hash only) and logs `entry` with it. */
  create(row: ApiKeyRow, entry: AuditedEntry): Promise<void>
  /**
   * Revokes one active key of the tenant and logs `entry`; false, nothing logged, when the key
   * is absent, another tenant's or already revoked.
   */
  revoke(
    input: { tenantId: string; id: string; now: number },
    entry: AuditedEntry,
  ): Promise<boolean>
}
