import type { AuditedEntry } from './audited-write.js'

/** A tenant's legacy verify endpoint (first-login import); the secret is sealed. */
export interface LegacyVerifyRow {
  tenantId: string
  url: string
  sealedSecret: string
  timeoutMs: number
  createdAt: number
  updatedAt: number
}

/** Port for the legacy verify endpoint; changes are written with their audit entry, atomically. */
export interface LegacyVerifyStore {
  find(tenantId: string): Promise<LegacyVerifyRow | null>
  /** Creates or replaces the endpoint (keeping createdAt) with its entry; true when created. */
  put(row: LegacyVerifyRow, entry: AuditedEntry): Promise<{ created: boolean }>
  /** Removes the endpoint with its entry; false (nothing logged) when there was none. */
  remove(tenantId: string, entry: AuditedEntry): Promise<boolean>
}
