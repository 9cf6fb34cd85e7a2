import type { HashFamily, ParsedHash } from '../parsed-hash.js'
import { utf8 } from './codecs.js'
import { constantTimeEqual } from './constant-time-equal.js'

/** Recomputes a scheme's digest text from the password bytes. */
export type DigestFunction = (password: Uint8Array) => Promise<string>

export const FAST_CONFIG_PREFIX = '$pwg-fast$'

/** Longer passwords never verify (passlib's MAX_PASSWORD_SIZE); the HTTP layer allows 1024. */
export const MAX_VERIFIED_PASSWORD_BYTES = 4096

/**
 * Builds a ParsedHash for a scheme whose digest pwguard recomputes itself: verify recomputes and
 * compares in constant time; `fast` carries the digest-free config the batch migration wraps.
 */
export function recomputableHash(spec: {
  scheme: string
  family: HashFamily
  speed: 'fast' | 'slow'
  canonical: string
  cost?: Record<string, number>
  configBody: string
  digest: string
  compute: DigestFunction
}): ParsedHash {
  const { compute, digest } = spec
  return {
    scheme: spec.scheme,
    family: spec.family,
    speed: spec.speed,
    canonical: spec.canonical,
    ...(spec.cost ? { cost: spec.cost } : {}),
    fast: { config: `${FAST_CONFIG_PREFIX}${spec.scheme}$${spec.configBody}`, digest },
    verify: async (password) => {
      try {
        const bytes = utf8(password)
        // sha-crypt's work grows with the square of the password length: cap it as passlib does.
        if (bytes.length > MAX_VERIFIED_PASSWORD_BYTES) return false
        return constantTimeEqual(await compute(bytes), digest)
      } catch {
        // Verification never throws: an internal failure is a non-match.
        return false
      }
    },
  }
}
