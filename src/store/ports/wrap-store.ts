import type { HashSwap } from './account-store.js'

/** A row the wrap migration may wrap: its key and the hash it was read with. */
export interface WrapCandidate {
  externalId: string
  passwordHash: string
}

/**
 * Port for the batch rehash migration: the queries that find legacy rows not yet
 * wrapped and the compare-and-swap that wraps one. A row leaves the pending set in the same
 * statement that wraps it, so a rerun after a kill, or a second instance running the job at
 * the same time, selects only rows not yet written, and the CAS lets each row be wrapped once.
 */
export interface WrapStore {
  /** Every tenant id, in order (the CLI's default scope). */
  tenantIds(): Promise<string[]>
  /** Accounts per stored scheme, for some tenants. */
  countSchemes(tenantIds: readonly string[]): Promise<Record<string, number>>
  /** Pending rows of these tenants (after a cursor, when given). */
  countPending(tenantIds: readonly string[], after?: string): Promise<number>
  /** Whether the tenant has pending rows after `cursor`. */
  hasPendingAfter(tenantId: string, cursor: string): Promise<boolean>
  /** The next pending rows after `cursor`, in externalId order (keyset pagination). */
  pendingBatch(tenantId: string, cursor: string, limit: number): Promise<WrapCandidate[]>
  /** Compare-and-swap on the hash read: false when a login (or another job) wrote first. */
  compareAndSwapHash(input: HashSwap): Promise<boolean>
}

/** Argon2 rows are upgraded by login only (parameter drift); wrapped rows are done. */
/** Legacy-verify rows hold no hash to wrap: only their first login can import them. */
export const NEVER_WRAPPED = ['argon2id', 'argon2i', 'argon2d', 'django_argon2', 'legacy_verify']
/** Stored schemes of wrapped rows start with this. */
export const WRAPPED_PREFIX = 'wrapped:'
