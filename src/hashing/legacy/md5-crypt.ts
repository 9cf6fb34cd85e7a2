import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { encodeCrypt24 } from './codecs.js'
import { recomputableHash, type DigestFunction } from './recomputable-hash.js'

const MD5_CRYPT = /^\$(1|apr1)\$([./0-9A-Za-z]{0,8})\$([./0-9A-Za-z]{22})$/
const md5 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('md5')
  for (const part of parts) hash.update(part)
  return hash.digest()
}

/** Poul-Henning Kamp's md5-crypt `$1$salt$…` and Apache's `$apr1$salt$…` (htpasswd -m). */
export function parseMd5Crypt(hash: string): ParsedHashResult | null {
  const match = MD5_CRYPT.exec(hash)
  if (!match) {
    return /^\$(1|apr1)\$/.test(hash)
      ? parseFailure('malformed_hash', 'not a valid md5-crypt hash')
      : null
  }
  const [, magic = '', salt = '', checksum = ''] = match
  return parsed(
    recomputableHash({
      scheme: magic === '1' ? 'md5_crypt' : 'apr_md5_crypt',
      family: 'crypt',
      speed: 'fast',
      canonical: hash,
      configBody: `$${magic}$${salt}$`,
      digest: checksum,
      compute: md5CryptDigest(`$${magic}$`, salt),
    }),
  )
}

/** The 22-char checksum for a `$1$` / `$apr1$` config body, or null. */
export function md5CryptFromConfig(body: string): DigestFunction | null {
  const result = parseMd5Crypt(`${body}${'.'.repeat(22)}`)
  return result?.ok
    ? md5CryptDigest(body.startsWith('$1$') ? '$1$' : '$apr1$', body.split('$')[2] ?? '')
    : null
}

/** md5-crypt's 1000-round construction, as in FreeBSD's crypt-md5.c. */
export function md5CryptDigest(magic: string, saltText: string): DigestFunction {
  const salt = Buffer.from(saltText, 'latin1')
  const magicBytes = Buffer.from(magic, 'latin1')
  return async (password) => {
    const alternate = md5(password, salt, password)
    const ctx = createHash('md5').update(password).update(magicBytes).update(salt)
    for (let left = password.length; left > 0; left -= 16) {
      ctx.update(alternate.subarray(0, Math.min(left, 16)))
    }
    for (let bits = password.length; bits > 0; bits >>= 1) {
      ctx.update(bits & 1 ? Buffer.of(0) : password.subarray(0, 1))
    }
    let final = ctx.digest()
    for (let i = 0; i < 1000; i++) {
      const round = createHash('md5')
      round.update(i & 1 ? password : final)
      if (i % 3) round.update(salt)
      if (i % 7) round.update(password)
      round.update(i & 1 ? final : password)
      final = round.digest()
    }
    return encodeMd5Crypt(final)
  }
}

function encodeMd5Crypt(f: Buffer): string {
  const b = (i: number): number => f[i] ?? 0
  const groups: Array<[number, number, number]> = [
    [0, 6, 12],
    [1, 7, 13],
    [2, 8, 14],
    [3, 9, 15],
    [4, 10, 5],
  ]
  let out = ''
  for (const [x, y, z] of groups) out += encodeCrypt24((b(x) << 16) | (b(y) << 8) | b(z), 4)
  return out + encodeCrypt24(b(11), 2)
}
