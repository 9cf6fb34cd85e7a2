import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { CRYPT64 } from './codecs.js'
import { decodeCrypt64Int, desCryptBlock, desKeyBytes } from './des-crypt-encoding.js'
import { desSaltMask } from './des-core.js'
import { recomputableHash, type DigestFunction } from './recomputable-hash.js'

const DES_CRYPT = /^([./0-9A-Za-z]{2})([./0-9A-Za-z]{11})$/

/**
 * Traditional DES crypt(3): 2 salt chars + 11 checksum chars; the key is the first 8 password
 * bytes (7 bits each, up to the first NUL), 25 DES encryptions of a zero block.
 */
export function parseDesCrypt(hash: string): ParsedHashResult | null {
  const match = DES_CRYPT.exec(hash)
  if (!match) return null
  const [, salt = '', checksum = ''] = match
  // 66 bits encode 64: the last char's two low bits are always zero in a real hash.
  if (CRYPT64.indexOf(checksum[10] ?? '') % 4 !== 0) {
    return parseFailure('malformed_hash', 'DES crypt checksum has non-zero pad bits')
  }
  return parsed(
    recomputableHash({
      scheme: 'des_crypt',
      family: 'crypt',
      speed: 'fast',
      canonical: hash,
      configBody: salt,
      digest: checksum,
      compute: desCryptDigest(salt),
    }),
  )
}

/** The checksum function for a 2-char DES salt, or null. */
export function desCryptFromConfig(body: string): DigestFunction | null {
  return /^[./0-9A-Za-z]{2}$/.test(body) ? desCryptDigest(body) : null
}

function desCryptDigest(saltText: string): DigestFunction {
  const salt = decodeCrypt64Int(saltText)
  const mask = desSaltMask(salt)
  return async (password) => {
    const end = password.indexOf(0)
    const key = desKeyBytes(end === -1 ? password : password.subarray(0, end))
    return desCryptBlock(key, mask, 25)
  }
}
