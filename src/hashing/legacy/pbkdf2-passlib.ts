import { parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeAb64, encodeAb64 } from './codecs.js'
import { parseDecimal } from './cost-bounds.js'
import { pbkdf2Hash, PRF_BYTES, type Pbkdf2Prf } from './pbkdf2-core.js'

const PASSLIB_PBKDF2: Record<string, { prf: Pbkdf2Prf; scheme: string }> = {
  $pbkdf2$: { prf: 'sha1', scheme: 'pbkdf2_sha1' },
  '$pbkdf2-sha256$': { prf: 'sha256', scheme: 'pbkdf2_sha256' },
  '$pbkdf2-sha512$': { prf: 'sha512', scheme: 'pbkdf2_sha512' },
}

/**
 * passlib's `$pbkdf2$`, `$pbkdf2-sha256$`, `$pbkdf2-sha512$`: `<ident><rounds>$<ab64 salt>$<ab64 key>`
 * with the key as long as the PRF's digest.
 */
export function parsePasslibPbkdf2(hash: string): ParsedHashResult | null {
  const match = /^(\$pbkdf2(?:-sha256|-sha512)?\$)([0-9]+)\$([^$]*)\$([^$]*)$/.exec(hash)
  if (!match) return null
  const [, ident = '', roundsText, saltText = '', keyText = ''] = match
  const kind = PASSLIB_PBKDF2[ident]
  if (!kind) return null
  const iterations = parseDecimal(roundsText)
  const salt = decodeAb64(saltText)
  const key = decodeAb64(keyText)
  if (iterations === null || !salt || !key || key.length !== PRF_BYTES[kind.prf]) {
    return parseFailure('malformed_hash', `not a valid ${kind.scheme} hash`)
  }
  return pbkdf2Hash({
    scheme: kind.scheme,
    family: 'pbkdf2',
    canonical: `${ident}${iterations}$${encodeAb64(salt)}$${encodeAb64(key)}`,
    recipe: { prf: kind.prf, iterations, salt, keyLength: key.length },
    digest: key,
  })
}
