import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { concatBytes, decodeBase64, encodeBase64, toHex } from './codecs.js'
import { COST_BOUNDS } from './cost-bounds.js'
import { md4 } from '../../breach/corpus/md4.js'

/** The one-shot digests behind bare, LDAP, Django-salted and MySQL hashes. */
export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'ntlm' | 'mysql41'

export const DIGEST_BYTES: Record<DigestAlgorithm, number> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  ntlm: 16,
  mysql41: 20,
}

/** digest(prefix-salt ‖ password ‖ suffix-salt) with one algorithm. */
export interface DigestRecipe {
  algorithm: DigestAlgorithm
  salt: Uint8Array
  saltPosition: 'prefix' | 'suffix'
}

/** The recipe's digest of `password`, as lowercase hex. */
export async function computeDigest(recipe: DigestRecipe, password: Uint8Array): Promise<string> {
  const { algorithm, salt, saltPosition } = recipe
  if (algorithm === 'ntlm') {
    // NTLM hashes the UTF-16LE form of the text, so go back from bytes to the string.
    return toHex(md4(Buffer.from(Buffer.from(password).toString('utf8'), 'utf16le')))
  }
  if (algorithm === 'mysql41') {
    const inner = createHash('sha1').update(password).digest()
    return createHash('sha1').update(inner).digest('hex')
  }
  const input =
    saltPosition === 'prefix' ? concatBytes(salt, password) : concatBytes(password, salt)
  return createHash(algorithm).update(input).digest('hex')
}

/** Fast-config body: `<algorithm>$<prefix|suffix>$<base64 salt>`. */
export function digestConfigBody(recipe: DigestRecipe): string {
  return `${recipe.algorithm}$${recipe.saltPosition}$${encodeBase64(recipe.salt)}`
}

/** Reads a body written by `digestConfigBody`, or null. */
export function parseDigestConfigBody(body: string): DigestRecipe | null {
  const [algorithm, saltPosition, saltText, ...rest] = body.split('$')
  if (rest.length > 0 || saltText === undefined) return null
  if (!algorithm || !(algorithm in DIGEST_BYTES)) return null
  if (saltPosition !== 'prefix' && saltPosition !== 'suffix') return null
  const salt = decodeBase64(saltText)
  if (!salt || salt.length > COST_BOUNDS.saltBytes.max) return null
  return { algorithm: algorithm as DigestAlgorithm, salt, saltPosition }
}
