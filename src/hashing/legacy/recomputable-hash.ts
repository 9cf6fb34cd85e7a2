import type { HashFamily, ParsedHash } from '../parsed-hash.js'
import { utf8 } from './codecs.js'
import { constantTimeEqual } from './constant-time-equal.js'

/** Recomputes a scheme's digest text from the password bytes. */
export type DigestFunction = (password: Uint8Array) => Promise<string>

export const FAST_CONFIG_PREFIX = '$pwg-fast$'

/**
 * Builds a ParsedHash for a scheme whose digest pwguard recomputes itself: verify recomputes and
 * compares in constant time; `fast` carries the digest-free config that issue 4 wraps.
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
        return constantTimeEqual(await compute(utf8(password)), digest)
      } catch {
        // Verification never throws: an internal failure is a non-match.
        return false
      }
    },
  }
}
