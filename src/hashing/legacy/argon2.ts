import { HashingUnavailableError } from '../bounded-password-hasher.js'
import { parsed, parseFailure, type HashFamily, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64, utf8 } from './codecs.js'
import { COST_BOUNDS, parseDecimal, within } from './cost-bounds.js'

const ARGON2 =
  /^\$(argon2(?:id|i|d))\$(?:v=(16|19)\$)?m=([0-9]+),t=([0-9]+),p=([0-9]+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

/**
 * `$argon2i$`/`$argon2d$`/`$argon2id$` PHC strings with any parameters inside the bounds (m ≤ 256 MiB,
 * t ≤ 10, p ≤ 16), verified by the runtime's argon2 primitive. `canonicalPrefix` lets Django's
 * `argon2$…` reuse this.
 */
export function parseArgon2As(
  hash: string,
  spec: { scheme?: string; family: HashFamily; canonicalPrefix: string },
): ParsedHashResult | null {
  const match = ARGON2.exec(hash)
  if (!match)
    return hash.startsWith('$argon2')
      ? parseFailure('malformed_hash', 'not a valid argon2 PHC string')
      : null
  const [, variant = '', version, mText, tText, pText, saltText = '', keyText = ''] = match
  const [m, t, p] = [mText, tText, pText].map(parseDecimal)
  const salt = decodeBase64(saltText)
  const key = decodeBase64(keyText)
  if (m == null || t == null || p == null || !salt || !key) {
    return parseFailure('malformed_hash', 'not a valid argon2 PHC string')
  }
  if (!within(t, COST_BOUNDS.argon2Iterations) || !within(p, COST_BOUNDS.argon2Parallelism)) {
    return parseFailure('cost_out_of_bounds', 'argon2 needs t 1..10 and p 1..16')
  }
  if (!within(m, { min: 8 * p, max: COST_BOUNDS.argon2MemoryKib.max })) {
    return parseFailure('cost_out_of_bounds', 'argon2 m must be 8·p..262144 KiB')
  }
  if (salt.length < 8 || salt.length > 64 || key.length < 4 || key.length > 128) {
    return parseFailure('malformed_hash', 'argon2 salt must be 8..64 bytes, hash 4..128')
  }
  const versionPart = version ? `v=${version}$` : ''
  const phc = `$${variant}$${versionPart}m=${m},t=${t},p=${p}$${encodeBase64(salt)}$${encodeBase64(key)}`
  return parsed({
    scheme: spec.scheme ?? variant,
    family: spec.family,
    speed: 'slow',
    canonical: `${spec.canonicalPrefix}${phc}`,
    cost: { m, t, p },
    verify: async (password, primitives) => {
      try {
        return await primitives.argon2Verify(phc, utf8(password))
      } catch (error) {
        // Shed load stays shed load (503), never a wrong password counted against the user.
        if (error instanceof HashingUnavailableError) throw error
        return false
      }
    },
  })
}

/** Plain argon2 PHC strings; the scheme is the variant (`argon2i`, `argon2d`, `argon2id`). */
export function parseArgon2(hash: string): ParsedHashResult | null {
  return parseArgon2As(hash, { family: 'argon2', canonicalPrefix: '' })
}
