import { parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeHex, toHex, utf8 } from './codecs.js'
import { parseDecimal } from './cost-bounds.js'
import { pbkdf2Hash, PRF_BYTES } from './pbkdf2-core.js'
import { scryptHash } from './scrypt-core.js'

/**
 * Werkzeug's `generate_password_hash`: `pbkdf2:<sha1|sha256|sha512>:<iterations>$<salt>$<hex>`
 * and (Werkzeug ≥ 2.3's default) `scrypt:<N>:<r>:<p>$<salt>$<hex>` with a 64-byte key. The salt
 * is text used as its UTF-8 bytes. A method without an explicit iteration count is rejected:
 * its default changed between Werkzeug releases, so it cannot be verified reliably.
 */
export function parseWerkzeugHash(hash: string): ParsedHashResult | null {
  const match = /^(pbkdf2|scrypt):([^$]*)\$([^$]*)\$([^$]*)$/.exec(hash)
  if (!match) return null
  const [, method, argsText = '', saltText = '', hex = ''] = match
  const args = argsText.split(':')
  const salt = utf8(saltText)
  const digest = decodeHex(hex)
  if (!digest || saltText.length === 0)
    return parseFailure('malformed_hash', 'bad Werkzeug salt or hex')
  const canonical = `${method}:${argsText}$${saltText}$${toHex(digest)}`
  if (method === 'scrypt') {
    const [N, r, p] = args.map(parseDecimal)
    if (args.length !== 3 || N == null || r == null || p == null || digest.length !== 64) {
      return parseFailure('malformed_hash', 'Werkzeug scrypt needs scrypt:N:r:p and a 64-byte key')
    }
    const recipe = { N, r, p, salt, keyLength: 64 }
    return scryptHash({ scheme: 'werkzeug_scrypt', family: 'scrypt', canonical, recipe, digest })
  }
  const [prf, iterText] = args
  const iterations = parseDecimal(iterText)
  if (
    args.length !== 2 ||
    (prf !== 'sha1' && prf !== 'sha256' && prf !== 'sha512') ||
    iterations === null
  ) {
    return parseFailure(
      'malformed_hash',
      'Werkzeug pbkdf2 needs pbkdf2:<sha1|sha256|sha512>:<iterations>',
    )
  }
  if (digest.length !== PRF_BYTES[prf]) return parseFailure('malformed_hash', 'wrong key length')
  return pbkdf2Hash({
    scheme: `werkzeug_pbkdf2_${prf}`,
    family: 'pbkdf2',
    canonical,
    recipe: { prf, iterations, salt, keyLength: digest.length },
    digest,
  })
}
