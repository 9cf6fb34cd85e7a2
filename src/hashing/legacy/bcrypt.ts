import { parsed, parseFailure, type HashFamily, type ParsedHashResult } from '../parsed-hash.js'
import { utf8 } from './codecs.js'
import { COST_BOUNDS, within } from './cost-bounds.js'

/** bcrypt reads at most 72 bytes of password; longer ones verify on their first 72. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72

const BCRYPT = /^\$(2[aby])\$([0-9]{2})\$([./A-Za-z0-9]{53})$/

/**
 * `$2a$`/`$2b$`/`$2y$` bcrypt. The three only differ for passwords of 255+ bytes (`$2a$`'s
 * wraparound) or crypt_blowfish's `$2x$` sign bug, which truncation to 72 bytes rules out, so the
 * hash is passed to the primitive as `$2b$`. `prepare` maps the password (Django's
 * bcrypt_sha256 pre-hashes it).
 */
export function parseBcryptAs(
  hash: string,
  spec: {
    scheme: string
    family: HashFamily
    canonicalPrefix: string
    prepare?: (password: Uint8Array) => Uint8Array
  },
): ParsedHashResult | null {
  const match = BCRYPT.exec(hash)
  if (!match)
    return hash.startsWith('$2') ? parseFailure('malformed_hash', 'not a valid bcrypt hash') : null
  const [, variant, costText = '', body = ''] = match
  const cost = Number(costText)
  if (!within(cost, COST_BOUNDS.bcryptCost)) {
    return parseFailure('cost_out_of_bounds', 'bcrypt cost must be 4..14')
  }
  const normalized = `$2b$${costText}$${body}`
  const prepare = spec.prepare ?? ((password: Uint8Array) => password)
  return parsed({
    scheme: spec.scheme,
    family: spec.family,
    speed: 'slow',
    canonical: `${spec.canonicalPrefix}$${variant}$${costText}$${body}`,
    cost: { cost },
    verify: async (password, primitives) => {
      try {
        const bytes = prepare(utf8(password)).subarray(0, BCRYPT_MAX_PASSWORD_BYTES)
        return await primitives.bcryptVerify(bytes, normalized)
      } catch {
        return false
      }
    },
  })
}

/** Plain bcrypt (`$2a$`, `$2b$`, `$2y$`). */
export function parseBcrypt(hash: string): ParsedHashResult | null {
  return parseBcryptAs(hash, { scheme: 'bcrypt', family: 'bcrypt', canonicalPrefix: '' })
}
