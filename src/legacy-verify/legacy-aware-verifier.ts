import type { StoredHashVerifier } from '../accounts/stored-hash-verifier.js'
import { ProblemError } from '../http/problem.js'
import { askLegacyVerify, type LegacyVerifyDeps } from './ask-legacy-verify.js'
import { awaitsLegacyVerify, LEGACY_VERIFY_SCHEME } from './legacy-placeholder.js'

/**
 * The verifier login uses for one account: the ordinary one, unless the account still waits
 * for its first login through the legacy hook. Then the legacy system's answer is the verdict,
 * with `needsRehash` so login stores argon2id (compare-and-swap on the placeholder). No answer
 * is thrown as 503 `legacy_verify_unavailable`: login fails closed, and since nothing was
 * verified, it is not a wrong password and not a counted guess.
 */
export function verifierForAccount(
  base: StoredHashVerifier,
  legacy: LegacyVerifyDeps,
  account: { tenantId: string; externalId: string; passwordHash: string } | null,
): StoredHashVerifier {
  if (!account || !awaitsLegacyVerify(account)) return base
  return {
    async verify(_storedHash, password) {
      const verdict = await askLegacyVerify(legacy, {
        tenantId: account.tenantId,
        externalId: account.externalId,
        password,
      })
      if (verdict.kind === 'unavailable') {
        throw new ProblemError({
          status: 503,
          code: 'legacy_verify_unavailable',
          title: 'The legacy system could not verify this password',
          detail: `The legacy verify hook gave no answer (${verdict.reason}); try again later.`,
          extensions: { reason: verdict.reason },
          headers: { 'retry-after': '30' },
        })
      }
      return {
        valid: verdict.kind === 'verified',
        scheme: LEGACY_VERIFY_SCHEME,
        needsRehash: true,
        costsArgon2: false,
      }
    },
  }
}
