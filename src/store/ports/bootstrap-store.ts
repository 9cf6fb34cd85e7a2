import type { AuditedEntry } from './audited-write.js'
import type { ApiKeyRow } from './tenant-key-store.js'

/** The marker's name: once this row exists, the database never mints a bootstrap key again. */
export const BOOTSTRAP_MARKER = 'bootstrap_admin_key'

export interface BootstrapMarker {
  /** The key it stored, when known (null for databases bootstrapped before markers existed). */
  keyId: string | null
  at: number
}

/**
 * Port for the one-time bootstrap admin key. The marker row is the arbiter: of any number of
 * instances starting together on one database, exactly one stores its key (with the marker and
 * the audit entry, atomically); the others find the marker and write nothing.
 */
export interface BootstrapStore {
  marker(): Promise<BootstrapMarker | null>
  /** Records that bootstrapping is done without storing a key (admin keys already exist). */
  markDone(at: number): Promise<void>
  /** Whether any admin key was ever stored, revoked or not: a database already in use. */
  anyAdminKeyEver(): Promise<boolean>
  /** What a key with this hash is to the database. */
  keyState(keyHash: string): Promise<'active' | 'revoked' | 'unknown'>
  /**
   * Stores the key, the marker naming it and the audit entry, all or nothing; false (nothing
   * written) when a marker already exists. The key's tenant must exist.
   */
  storeKey(row: ApiKeyRow, entry: AuditedEntry): Promise<boolean>
}
