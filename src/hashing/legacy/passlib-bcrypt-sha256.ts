import { Buffer } from 'node:buffer'
import { createHash, createHmac } from 'node:crypto'
import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { utf8 } from './codecs.js'
import { COST_BOUNDS, parseDecimal, within } from './cost-bounds.js'
import { MAX_VERIFIED_PASSWORD_BYTES } from './recomputable-hash.js'

const V2 =
  /^\$bcrypt-sha256\$v=2,t=(2[ab]),r=([0-9]{1,2})\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})$/
const V1 = /^\$bcrypt-sha256\$(2[ab]),([0-9]{1,2})\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})$/

/**
 * passlib's `bcrypt_sha256` (not Django's): bcrypt over base64(HMAC-SHA256(key = salt text,
 * password)) in v2 `$bcrypt-sha256$v=2,t=2b,r=12$<salt>$<digest>`, or base64(SHA-256(password))
 * in v1 `$bcrypt-sha256$2a,12$<salt>$<digest>`. The 44-char key lifts bcrypt's 72-byte limit.
 */
export function parsePasslibBcryptSha256(hash: string): ParsedHashResult | null {
  if (!hash.startsWith('$bcrypt-sha256$')) return null
  const v2 = V2.exec(hash)
  const match = v2 ?? V1.exec(hash)
  if (!match) return parseFailure('malformed_hash', 'not a valid passlib bcrypt_sha256 hash')
  const [, variant = '2b', roundsText, salt = '', checksum = ''] = match
  const cost = parseDecimal(roundsText)
  if (cost === null || !within(cost, COST_BOUNDS.bcryptCost)) {
    return parseFailure('cost_out_of_bounds', 'bcrypt cost must be 4..15')
  }
  const bcryptHash = `$2b$${String(cost).padStart(2, '0')}$${salt}${checksum}`
  const prehash = (password: Uint8Array): Uint8Array => {
    const digest = v2
      ? createHmac('sha256', salt).update(password).digest()
      : createHash('sha256').update(password).digest()
    return Buffer.from(digest.toString('base64'))
  }
  return parsed({
    scheme: 'passlib_bcrypt_sha256',
    family: 'bcrypt',
    speed: 'slow',
    canonical: v2
      ? `$bcrypt-sha256$v=2,t=${variant},r=${cost}$${salt}$${checksum}`
      : `$bcrypt-sha256$${variant},${cost}$${salt}$${checksum}`,
    cost: { cost },
    verify: async (password, primitives) => {
      try {
        const bytes = utf8(password)
        if (bytes.length > MAX_VERIFIED_PASSWORD_BYTES) return false
        return await primitives.bcryptVerify(prehash(bytes), bcryptHash)
      } catch {
        return false
      }
    },
  })
}
