import { and, eq, gt, isNull } from 'drizzle-orm'
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

/**
 * Spends a token for this account: one UPDATE that succeeds only if the token is unused and
 * unexpired, so two concurrent uses cannot both pass.
 */
export async function consumeResetToken(
  db: Database,
  key: KeyedHash,
  input: { tenantId: string; externalId: string; token: string; now: number },
): Promise<boolean> {
  const rows = await db
    .update(resetTokens)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(resetTokens.tokenHash, await key.hex(input.token)),
        eq(resetTokens.tenantId, input.tenantId),
        eq(resetTokens.externalId, input.externalId),
        isNull(resetTokens.usedAt),
        gt(resetTokens.expiresAt, input.now),
      ),
    )
    .returning({ tokenHash: resetTokens.tokenHash })
  return rows.length === 1
}
