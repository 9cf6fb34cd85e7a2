import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm'
import type { KeyedHash } from '../crypto/keyed-hash.js'
import type { Random } from '../ports/random.js'
import { randomToken } from '../ports/random.js'
import type { Database } from '../store/database.js'
import { resetTokens } from '../store/schema.js'

/** Reset links should be short-lived; 24 h lets a patient act on next morning's e-mail. */
export const RESET_TOKEN_TTL_MS = 24 * 60 * 60_000

/**
 * A new one-time reset token and the row that stores it: 256 random bits, returned once; only
 * its HMAC is stored, so a stolen database holds no usable token. Callers insert the row in the
 * same batch as the reset flag it belongs to.
 */
export async function newResetToken(
  deps: { random: Random; key: KeyedHash },
  input: { tenantId: string; externalId: string; reason: string; now: number },
): Promise<{ token: string; row: typeof resetTokens.$inferInsert }> {
  const token = randomToken(deps.random, 32)
  return {
    token,
    row: {
      tokenHash: await deps.key.hex(token),
      tenantId: input.tenantId,
      externalId: input.externalId,
      reason: input.reason,
      createdAt: input.now,
      expiresAt: input.now + RESET_TOKEN_TTL_MS,
      usedAt: null,
    },
  }
}

/** The token is unused, unexpired and belongs to this account (a condition for a write). */
export function liveTokenCondition(input: {
  tenantId: string
  externalId: string
  tokenHash: string
  now: number
}): SQL {
  return sql`EXISTS (SELECT 1 FROM ${resetTokens} WHERE ${and(
    eq(resetTokens.tokenHash, input.tokenHash),
    eq(resetTokens.tenantId, input.tenantId),
    eq(resetTokens.externalId, input.externalId),
    isNull(resetTokens.usedAt),
    gt(resetTokens.expiresAt, input.now),
  )})`
}

/**
 * Whether the token is live, read without spending it: the new password is judged only after
 * this (so an unknown account and a known one answer alike), and spent with the change itself.
 */
export async function isLiveResetToken(
  db: Database,
  input: { tenantId: string; externalId: string; tokenHash: string; now: number },
): Promise<boolean> {
  const rows = await db.all<{ live: number }>(sql`SELECT ${liveTokenCondition(input)} AS live`)
  return rows[0]?.live === 1
}
