import type { KeyedHash } from '../crypto/keyed-hash.js'
import type { Random } from '../ports/random.js'
import { randomToken } from '../ports/random.js'
import type { ResetTokenRow } from '../store/ports/account-store.js'

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
): Promise<{ token: string; row: ResetTokenRow }> {
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
