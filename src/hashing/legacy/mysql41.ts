import { parsed, type ParsedHashResult } from '../parsed-hash.js'
import { decodeHex } from './codecs.js'
import { digestHash } from './digest-hash.js'

/** MySQL 4.1+ `PASSWORD()`: `*` + uppercase hex of sha1(sha1(password)). */
export function parseMysql41(hash: string): ParsedHashResult | null {
  if (!/^\*[0-9A-Fa-f]{40}$/.test(hash)) return null
  const digest = decodeHex(hash.slice(1), 20)
  if (!digest) return null
  return parsed(
    digestHash({
      scheme: 'mysql41',
      family: 'mysql',
      canonical: hash.toUpperCase(),
      recipe: { algorithm: 'mysql41', salt: new Uint8Array(), saltPosition: 'prefix' },
      digest,
    }),
  )
}
