import { RESET_TOKEN_TTL_MS, newResetToken } from '../accounts/reset-tokens.js'
import { checkAuditEntry, type AuditAppendInput } from '../audit/audit-insert.js'
import type { KeyedHash } from '../crypto/keyed-hash.js'
import type { Random } from '../ports/random.js'
import type { ResetStore } from '../store/ports/reset-store.js'
import { outboxEvent } from '../webhooks/outbox-event.js'
import { chunked } from './chunked.js'

/** A reset token issued for one account: handed to the caller once, stored only as an HMAC. */
export interface IssuedReset {
  externalId: string
  token: string
  expiresAt: string
}

export interface ForceResetDeps {
  resets: ResetStore
  random: Random
  tokenKey: KeyedHash
}

/** Accounts per atomic write: flag, token and event rows for each commit together. */
const CHUNK = 200

/**
 * Forces a password reset on the accounts: sets mustReset with `reason` (kept unique among the
 * account's reasons), issues a one-time token per account and writes an
 * `account.reset_required` event, all three with the audit entry atomically per chunk (a
 * large reset is several entries, each counting the accounts its write reset). The event
 * carries no token: an undelivered outbox row would otherwise leave a live token readable in
 * the database. The tokens are returned to the caller instead. With `oncePerReason`, an
 * account still holding a live token of this reason gets none (a repeated or racing reset).
 */
export async function forceResets(
  deps: ForceResetDeps,
  input: {
    tenantId: string
    externalIds: readonly string[]
    reason: string
    now: number
    incidentId?: string
    oncePerReason?: boolean
    /** The audit entry recording one chunk's resets, written atomically with them. */
    audit: (accounts: number) => AuditAppendInput
  },
): Promise<IssuedReset[]> {
  const { tenantId, reason, now, incidentId } = input
  const issued: IssuedReset[] = []
  const expiresAt = new Date(now + RESET_TOKEN_TTL_MS).toISOString()
  for (const chunk of chunked(input.externalIds, CHUNK)) {
    const prepared = await Promise.all(
      chunk.map((externalId) =>
        newResetToken(
          { random: deps.random, key: deps.tokenKey },
          { tenantId, externalId, reason, now },
        ),
      ),
    )
    const stored = await deps.resets.forceResets({
      tenantId,
      reason,
      now,
      ...(incidentId && { incidentId }),
      tokens: prepared.map(({ row }) => row),
      oncePerReason: input.oncePerReason ?? false,
      event: (externalId) =>
        outboxEvent({
          tenantId,
          type: 'account.reset_required',
          data: {
            externalId,
            reason,
            ...(incidentId && { incidentId }),
            resetTokenExpiresAt: expiresAt,
          },
          now,
          random: deps.random,
        }),
      audit: (accounts) => checkAuditEntry(input.audit(accounts)),
    })
    const landed = new Set(stored)
    for (const { token, row } of prepared) {
      if (landed.has(row.externalId)) issued.push({ externalId: row.externalId, token, expiresAt })
    }
  }
  return issued
}
