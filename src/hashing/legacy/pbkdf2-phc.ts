import { parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64 } from './codecs.js'
import { parseDecimal } from './cost-bounds.js'
import { pbkdf2Hash } from './pbkdf2-core.js'

/**
 * PHC-style PBKDF2 as Ory Kratos writes it: `$pbkdf2-<sha1|sha256|sha512>$i=<iter>,l=<len>$<salt>$<key>`
 * with unpadded standard base64 (padding tolerated).
 */
export function parsePhcPbkdf2(hash: string): ParsedHashResult | null {
  const match = /^\$pbkdf2-(sha1|sha256|sha512)\$i=([0-9]+),l=([0-9]+)\$([^$]*)\$([^$]*)$/.exec(
    hash,
  )
  if (!match) return null
  const [, prfText, iterText, lengthText, saltText = '', keyText = ''] = match
  const prf = prfText === 'sha1' ? 'sha1' : prfText === 'sha256' ? 'sha256' : 'sha512'
  const iterations = parseDecimal(iterText)
  const keyLength = parseDecimal(lengthText)
  const salt = decodeBase64(saltText)
  const key = decodeBase64(keyText)
  if (iterations === null || keyLength === null || !salt || !key) {
    return parseFailure('malformed_hash', 'not a valid PHC pbkdf2 hash')
  }
  if (key.length !== keyLength) return parseFailure('malformed_hash', 'key length differs from l=')
  const scheme = `phc_pbkdf2_${prf}`
  return pbkdf2Hash({
    scheme,
    family: 'pbkdf2',
    canonical: `$pbkdf2-${prf}$i=${iterations},l=${keyLength}$${encodeBase64(salt)}$${encodeBase64(key)}`,
    recipe: { prf, iterations, salt, keyLength },
    digest: key,
  })
}
