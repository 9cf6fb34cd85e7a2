import type { ParsedHash } from '../hashing/parsed-hash.js'

/**
 * Which stored hashes the batch migration wraps now and which it leaves for the login upgrade.
 *
 * - Fast schemes (bare/salted md5, sha1, sha2, ntlm, mysql41, LDAP {MD5} {SHA} {SMD5} {SSHA*},
 *   Django sha1$/md5$/unsalted, DES/BSDi/md5 crypt, apr1, phpass): always wrapped.
 * - Slow schemes are left alone at or above these floors and wrapped below them when pwguard
 *   can recompute them (PBKDF2, scrypt, sha-crypt):
 *   - PBKDF2: OWASP 2023 — SHA-1 ≥ 1 300 000, SHA-256 ≥ 600 000, SHA-512 ≥ 210 000 iterations;
 *   - scrypt: OWASP's rows from N = 2^15 up — N ≥ 2^15 and N·r·p ≥ 2^15·8·3;
 *   - sha-crypt: passlib's defaults, sha256_crypt ≥ 535 000 and sha512_crypt ≥ 656 000
 *     rounds. glibc's default 5 000 is not enough: a round costs about one SHA block pair, so
 *     5 000 rounds is ~40x cheaper to crack than OWASP's PBKDF2-SHA512 floor;
 *   - bcrypt: cost ≥ 10. Below it bcrypt cannot be wrapped (its digest cannot be recomputed
 *     without the password's bcrypt state), so it is left for login and reported as such;
 *   - argon2 (any variant, any parameters): left for the login upgrade (parameter drift).
 */
export const WRAP_THRESHOLD = {
  pbkdf2Iterations: { sha1: 1_300_000, sha256: 600_000, sha512: 210_000 },
  scrypt: { minN: 2 ** 15, minWork: 2 ** 15 * 8 * 3 },
  shaCryptRounds: { sha256_crypt: 535_000, sha512_crypt: 656_000 },
  bcryptCost: 10,
} as const

/** `wrap` now; `keep` (strong enough, upgraded at login); `login_only` (weak, not wrappable). */
export type WrapDecision =
  | { action: 'wrap'; reason: 'fast_scheme' | 'below_threshold' }
  | { action: 'keep'; reason: 'argon2' | 'at_threshold' }
  | { action: 'login_only'; reason: 'bcrypt_below_threshold' | 'not_recomputable' }

/** Applies WRAP_THRESHOLD to one parsed hash. */
export function decideWrap(hash: ParsedHash): WrapDecision {
  if (hash.family === 'argon2' || hash.scheme.includes('argon2'))
    return { action: 'keep', reason: 'argon2' }
  if (hash.speed === 'fast') {
    return hash.fast
      ? { action: 'wrap', reason: 'fast_scheme' }
      : { action: 'login_only', reason: 'not_recomputable' }
  }
  const strong = meetsSlowThreshold(hash)
  if (strong) return { action: 'keep', reason: 'at_threshold' }
  if (hash.fast) return { action: 'wrap', reason: 'below_threshold' }
  return {
    action: 'login_only',
    reason: hash.cost?.cost !== undefined ? 'bcrypt_below_threshold' : 'not_recomputable',
  }
}

function meetsSlowThreshold(hash: ParsedHash): boolean {
  const cost = hash.cost ?? {}
  if (cost.iterations !== undefined) {
    const prf = pbkdf2Prf(hash)
    return prf !== null && cost.iterations >= WRAP_THRESHOLD.pbkdf2Iterations[prf]
  }
  if (cost.N !== undefined) {
    const work = cost.N * (cost.r ?? 1) * (cost.p ?? 1)
    return cost.N >= WRAP_THRESHOLD.scrypt.minN && work >= WRAP_THRESHOLD.scrypt.minWork
  }
  const shaCrypt = /sha(256|512)_crypt$/.exec(hash.scheme)
  if (shaCrypt && cost.rounds !== undefined) {
    const floor =
      WRAP_THRESHOLD.shaCryptRounds[shaCrypt[1] === '256' ? 'sha256_crypt' : 'sha512_crypt']
    return cost.rounds >= floor
  }
  if (cost.cost !== undefined) return cost.cost >= WRAP_THRESHOLD.bcryptCost
  // A slow scheme with no known cost knob: nothing to compare, trust the login upgrade.
  return true
}

/** The PRF named by a PBKDF2 fast config body (`<prf>$<iterations>$…`), or null. */
function pbkdf2Prf(hash: ParsedHash): 'sha1' | 'sha256' | 'sha512' | null {
  const body = hash.fast?.config.split('$')[3]
  return body === 'sha1' || body === 'sha256' || body === 'sha512' ? body : null
}
