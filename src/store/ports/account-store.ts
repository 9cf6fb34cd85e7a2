import type { AuditedEntry } from './audited-write.js'

/**
 * Port for the accounts aggregate (accounts, their reset tokens, the exposures read with them):
 * what login, signup and password change need from storage, in the service's own types. One
 * adapter per SQL dialect (src/store/sqlite: better-sqlite3 and D1; src/store/pg: PostgreSQL).
 */
export interface AccountRow {
  tenantId: string
  externalId: string
  /** Keyed blind index of the normalized e-mail (`v2:…`, or v1 bare hex on older rows). */
  emailIndex: string | null
  passwordHash: string
  scheme: string
  importFingerprint: string | null
  mustReset: boolean
  /** JSON array of reason codes, e.g. `["password_breached"]`. */
  resetReasons: string
  createdAt: number
  updatedAt: number
  passwordChangedAt: number | null
  lastLoginAt: number | null
}

export type NewAccount = Pick<
  AccountRow,
  'tenantId' | 'externalId' | 'emailIndex' | 'passwordHash' | 'scheme' | 'createdAt' | 'updatedAt'
> &
  Partial<Pick<AccountRow, 'passwordChangedAt' | 'importFingerprint'>>

export interface AccountKey {
  tenantId: string
  externalId: string
}

/** A hash replacement that lands only while the stored hash is still `expectedHash`. */
export interface HashSwap extends AccountKey {
  expectedHash: string
  newHash: string
  scheme: string
  now: number
  /** A real password change (sets passwordChangedAt), not a rehash of the same password. */
  passwordChanged: boolean
}

export interface PasswordChange extends AccountKey {
  newHash: string
  now: number
  /** What authorises the write, checked inside it (no window between check and write). */
  authorisedBy: { resetTokenHash: string } | { currentHash: string }
  /** The `account.password_changed` webhook event, queued when the tenant has a webhook. */
  event: { id: string; via: 'current_password' | 'reset_token' }
}

/** A one-time reset token as stored: only its HMAC, never the token. */
export interface ResetTokenRow extends AccountKey {
  tokenHash: string
  reason: string
  createdAt: number
  expiresAt: number
  usedAt: number | null
}

export interface AccountExposure {
  incidentId: string
  passwordMatch: boolean
}

/** One parsed import line, ready to upsert by externalId. */
export interface ImportedAccount extends AccountKey {
  /** Null: the line names no e-mail (a stored index is then kept). */
  emailIndex: string | null
  passwordHash: string
  scheme: string
  /** Keyed hash of the imported hash: the same line imported again changes nothing. */
  importFingerprint: string
  importedAt: number
  createdAt: number
  updatedAt: number
}

/** What one import batch did to its rows. */
export interface ImportCounts {
  imported: number
  updated: number
  /** Rows whose stored fingerprint already was the line's: left as they are. */
  unchanged: number
}

/** The import columns of a stored account. */
export interface ImportState {
  importFingerprint: string | null
  importedAt: number | null
}

export interface AccountStore {
  find(key: AccountKey): Promise<AccountRow | null>
  /** The account holding any of these e-mail indexes, earlier candidates first. */
  findByEmailIndex(tenantId: string, candidates: readonly string[]): Promise<AccountRow | null>
  /** Which externalId holds each of these e-mail indexes (absent: nobody). */
  emailHolders(tenantId: string, indexes: readonly string[]): Promise<Map<string, string>>
  /** Moves a row from its v1 e-mail index to the current one. */
  reindexEmail(input: AccountKey & { from: string; to: string }): Promise<void>
  /** False when the externalId or the e-mail index is taken in the tenant (nothing written). */
  insert(row: NewAccount): Promise<boolean>
  /** Compare-and-swap of the hash; false when another write changed it first. */
  compareAndSwapHash(input: HashSwap): Promise<boolean>
  recordLogin(key: AccountKey, now: number): Promise<void>
  /** Sets mustReset and adds the reason, kept unique, in one statement. */
  flagForReset(input: AccountKey & { reason: string; now: number }): Promise<void>
  /** Stores a one-time reset token (its HMAC); the reset flag is set by `flagForReset`. */
  insertResetToken(row: ResetTokenRow): Promise<void>
  /** The reset token is unused, unexpired and this account's (read without spending it). */
  isLiveResetToken(input: AccountKey & { tokenHash: string; now: number }): Promise<boolean>
  /**
   * Sets the new password, spends every outstanding reset token of the account, queues the
   * event and writes `audit`, all or nothing. By reset token: only while that token is live,
   * and it clears mustReset and its reasons; by current password: a compare-and-swap on that
   * hash, only while no reset is required. False when the authorisation no longer held.
   */
  changePassword(input: PasswordChange, audit: AuditedEntry): Promise<boolean>
  /** The incidents that exposed this account, oldest first. */
  listExposures(key: AccountKey): Promise<AccountExposure[]>
  /** The import state of those of these externalIds that exist. */
  importState(tenantId: string, externalIds: readonly string[]): Promise<Map<string, ImportState>>
  /**
   * Upserts one import batch by externalId with the audit entry `entry` builds from the
   * batch's counts, all or nothing. A row whose stored fingerprint is the line's is left alone
   * (a login may have upgraded it since: the weak hash never comes back); any other existing
   * row takes the line's hash, scheme, fingerprint, importedAt and updatedAt, and its e-mail
   * index when the line has one. The rows are of the entry's tenant, with distinct externalIds,
   * and their e-mail indexes are held by no other account (the caller checks, see
   * email-conflicts.ts). `entry` may be called again when an adapter retries the write.
   * Counts: PostgreSQL takes them from the upsert itself; SQLite and D1 (no interactive
   * transaction) from a read just before the batch, so two imports of the same rows racing in
   * one tenant may both count a row as imported there (the rows themselves are right).
   */
  importBatch(
    rows: readonly ImportedAccount[],
    entry: (counts: ImportCounts) => AuditedEntry,
  ): Promise<ImportCounts>
}

/** The counts of a batch against the stored state read before it (the same on every adapter). */
export function countImport(
  rows: readonly ImportedAccount[],
  stored: ReadonlyMap<string, ImportState>,
): ImportCounts {
  const counts: ImportCounts = { imported: 0, updated: 0, unchanged: 0 }
  for (const row of rows) {
    const state = stored.get(row.externalId)
    if (!state) counts.imported += 1
    else if (state.importFingerprint === row.importFingerprint) counts.unchanged += 1
    else counts.updated += 1
  }
  return counts
}
