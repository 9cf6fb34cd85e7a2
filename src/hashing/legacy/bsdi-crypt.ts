import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { COST_BOUNDS, within } from './cost-bounds.js'
import { decodeCrypt64Int, desCryptBlock, desEncrypt, desKeyBytes } from './des-crypt-encoding.js'
import { desSaltMask } from './des-core.js'
import { recomputableHash, type DigestFunction } from './recomputable-hash.js'

const BSDI_CRYPT = /^_([./0-9A-Za-z]{4})([./0-9A-Za-z]{4})([./0-9A-Za-z]{11})$/

/**
 * BSDi extended DES crypt `_<count4><salt4><checksum11>`: the whole password is folded into the
 * key 8 bytes at a time, then `count` salted DES rounds (24-bit salt). Counts above 5 M are
 * refused (about 2 s of pure-JS DES).
 */
export function parseBsdiCrypt(hash: string): ParsedHashResult | null {
  const match = BSDI_CRYPT.exec(hash)
  if (!match)
    return hash.startsWith('_')
      ? parseFailure('malformed_hash', 'not a valid BSDi crypt hash')
      : null
  const [, countText = '', saltText = '', checksum = ''] = match
  const rounds = decodeCrypt64Int(countText)
  if (!within(rounds, COST_BOUNDS.bsdiRounds)) {
    return parseFailure('cost_out_of_bounds', 'BSDi crypt rounds must be 1..5000000')
  }
  return parsed(
    recomputableHash({
      scheme: 'bsdi_crypt',
      family: 'crypt',
      speed: 'fast',
      canonical: hash,
      cost: { rounds },
      configBody: `_${countText}${saltText}`,
      digest: checksum,
      compute: bsdiDigest(rounds, decodeCrypt64Int(saltText)),
    }),
  )
}

/** The checksum function for a `_<count><salt>` setting, or null. */
export function bsdiCryptFromConfig(body: string): DigestFunction | null {
  const result = parseBsdiCrypt(`${body}...........`)
  if (!result?.ok) return null
  return bsdiDigest(result.hash.cost?.rounds ?? 1, decodeCrypt64Int(body.slice(5, 9)))
}

function bsdiDigest(rounds: number, salt: number): DigestFunction {
  const mask = desSaltMask(salt)
  return async (password) => {
    const end = password.indexOf(0)
    const bytes = end === -1 ? password : password.subarray(0, end)
    let key = desKeyBytes(bytes)
    // FreeSec: encrypt the key with itself, XOR in the next 8 bytes, repeat to the end.
    for (let offset = 8; offset < bytes.length; offset += 8) {
      key = desEncrypt(key, key)
      const next = desKeyBytes(bytes.subarray(offset, offset + 8))
      for (let i = 0; i < 8 && offset + i < bytes.length; i++)
        key[i] = (key[i] ?? 0) ^ (next[i] ?? 0)
    }
    return desCryptBlock(key, mask, rounds)
  }
}
