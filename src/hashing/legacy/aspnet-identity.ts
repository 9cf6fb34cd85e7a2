import { parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64 } from './codecs.js'
import { pbkdf2Hash, type Pbkdf2Prf } from './pbkdf2-core.js'

const V3_PRFS: Pbkdf2Prf[] = ['sha1', 'sha256', 'sha512']

/**
 * ASP.NET Identity `PasswordHasher` blobs (base64). v2: 0x00 ‖ salt16 ‖ subkey32, PBKDF2-SHA1 with
 * 1000 iterations. v3: 0x01 ‖ prf(u32 BE: 0 sha1, 1 sha256, 2 sha512) ‖ iterations(u32 BE) ‖
 * saltLength(u32 BE) ‖ salt ‖ subkey; salt and subkey are at least 128 bits, as ASP.NET requires.
 */
export function parseAspnetIdentity(hash: string): ParsedHashResult | null {
  if (!/^[A-Za-z0-9+/]{40,}={0,2}$/.test(hash)) return null
  const raw = decodeBase64(hash)
  if (!raw) return null
  const canonical = encodeBase64(raw, true)
  if (raw[0] === 0x00 && raw.length === 49) {
    return pbkdf2Hash({
      scheme: 'aspnet_identity_v2',
      family: 'pbkdf2',
      canonical,
      recipe: { prf: 'sha1', iterations: 1000, salt: raw.slice(1, 17), keyLength: 32 },
      digest: raw.slice(17),
    })
  }
  if (raw[0] !== 0x01 || raw.length < 13 + 16 + 16) return null
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  const prf = V3_PRFS[view.getUint32(1)]
  const iterations = view.getUint32(5)
  const saltLength = view.getUint32(9)
  if (!prf || saltLength < 16 || raw.length - 13 - saltLength < 16) {
    return parseFailure('malformed_hash', 'ASP.NET Identity v3 header is inconsistent')
  }
  const salt = raw.slice(13, 13 + saltLength)
  const digest = raw.slice(13 + saltLength)
  return pbkdf2Hash({
    scheme: 'aspnet_identity_v3',
    family: 'pbkdf2',
    canonical,
    recipe: { prf, iterations, salt, keyLength: digest.length },
    digest,
  })
}
