import type { OutboxEvent } from './webhook-outbox-store.js'

/** When a breached password was seen, and what the tenant's action did about it. */
export interface BreachFlagRow {
  tenantId: string
  externalId: string
  /** When the current password was set: one flag per account and password. */
  passwordEpoch: number
  moment: string
  action: string
  breachCount: number
  flaggedAt: number
  digestedAt: number | null
}

export type NewBreachFlag = Omit<BreachFlagRow, 'digestedAt'>

export interface BreachDigestWrite {
  tenantId: string
  now: number
  /** Flags per digest event, oldest first. */
  limit: number
  /** A daily digest stamps the tenant's `breachDigestSentAt`. */
  daily: boolean
  /** The `tenant.breach_digest` event carrying these flags. */
  event: (flags: BreachFlagRow[]) => OutboxEvent
}

/**
 * Port for breach flags and their admin digests. One adapter per SQL dialect
 * (src/store/sqlite, src/store/pg).
 */
export interface BreachPolicyStore {
  /** True only the first time for this account and password (the key includes the epoch). */
  recordFlag(flag: NewBreachFlag): Promise<boolean>
  /** Flags no digest has carried yet, oldest first. */
  undigested(tenantId: string, limit: number): Promise<BreachFlagRow[]>
  /**
   * Marks up to `limit` undigested flags digested and queues their event, atomically: each
   * flag is carried by exactly one digest, also when two instances write at once. Returns how
   * many flags this call carried.
   */
  writeDigest(input: BreachDigestWrite): Promise<number>
  /** Tenants in `daily` mode with undigested flags whose last digest is before `sentBefore`. */
  dueDailyTenants(sentBefore: number): Promise<{ id: string; breachDigest: string | null }[]>
}
