import type { ResetTokenRow } from './account-store.js'
import type { AuditedEntry } from './audited-write.js'
import type { OutboxEvent } from './webhook-outbox-store.js'

/** Who an incident's forced reset reaches: its password matches, its exposures, or everyone. */
export type ResetScope = 'password_match' | 'exposed' | 'all'

export interface IncidentScope {
  tenantId: string
  incidentId: string
}

/** One atomic unit of a forced reset (the feature chunks larger sets into several). */
export interface ForcedResets {
  tenantId: string
  reason: string
  now: number
  /** One prepared token per account (its HMAC only): the accounts this write resets. */
  tokens: readonly ResetTokenRow[]
  /** The incident whose `resetsForced` counter counts the accounts it never reset before. */
  incidentId?: string
  /**
   * Skip accounts that already hold a live (unused, unexpired) token with this reason: a
   * repeated or racing forced reset issues each account's reset once. Off for a single
   * account's admin reset, where a new token is what the admin asks for.
   */
  oncePerReason: boolean
  /** The `account.reset_required` event of one account (written only with its token). */
  event: (externalId: string) => OutboxEvent
  /** The audit entry for the accounts actually reset (written only when some were). */
  audit: (accounts: number) => AuditedEntry
}

/**
 * Port for forced password resets: who is in scope, and the reset itself (mustReset with the
 * reason, a one-time token, the webhook event, the incident counter and the audit entry, all
 * or nothing). One adapter per SQL dialect (src/store/sqlite, src/store/pg).
 */
export interface ResetStore {
  /** The externalIds a reset of this scope reaches. */
  accountsInScope(query: IncidentScope & { scope: ResetScope }): Promise<string[]>
  /** How many accounts that is, without reading them (counters, or an index count). */
  countInScope(query: IncidentScope & { scope: ResetScope }): Promise<number>
  /** Resets the accounts of `tokens`; returns the externalIds whose token was stored. */
  forceResets(input: ForcedResets): Promise<string[]>
  /** Distinct accounts the incident has forced a reset on (its `resetsForced` figure). */
  resetsForced(scope: IncidentScope): Promise<number>
}
