import { parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeAb64, decodeBase64, encodeAb64 } from './codecs.js'
import { parseDecimal } from './cost-bounds.js'
import { scryptHash } from './scrypt-core.js'

/**
 * passlib/PHC `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>` (passlib's ab64). Ory Kratos writes
 * the same shape with N itself in `ln=` and standard base64: a value above 31 can only be N, so
 * it is read as N; base64 of either alphabet is accepted. The canonical form is passlib's.
 */
export function parseScrypt(hash: string): ParsedHashResult | null {
  const match = /^\$scrypt\$ln=([0-9]+),r=([0-9]+),p=([0-9]+)\$([^$]*)\$([^$]*)$/.exec(hash)
  if (!match) {
    return hash.startsWith('$scrypt$')
      ? parseFailure('malformed_hash', 'not a valid scrypt hash')
      : null
  }
  const [, lnText, rText, pText, saltText = '', keyText = ''] = match
  const [ln, r, p] = [lnText, rText, pText].map(parseDecimal)
  const salt = decodeLenient(saltText)
  const key = decodeLenient(keyText)
  if (ln == null || r == null || p == null || !salt || !key) {
    return parseFailure('malformed_hash', 'not a valid scrypt hash')
  }
  const N = ln > 31 ? ln : 2 ** ln
  const log = Math.log2(N)
  return scryptHash({
    scheme: 'scrypt',
    family: 'scrypt',
    canonical: `$scrypt$ln=${log},r=${r},p=${p}$${encodeAb64(salt)}$${encodeAb64(key)}`,
    recipe: { N, r, p, salt, keyLength: key.length },
    digest: key,
  })
}

function decodeLenient(text: string): Uint8Array | null {
  return /[+=]/.test(text) ? decodeBase64(text) : decodeAb64(text)
}
