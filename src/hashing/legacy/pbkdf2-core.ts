import { pbkdf2 } from 'node:crypto'
import type { ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64, toHex } from './codecs.js'
import { COST_BOUNDS, parseDecimal, within } from './cost-bounds.js'
import { kdfHash, type KdfHashSpec } from './kdf-hash.js'
import type { DigestFunction } from './recomputable-hash.js'

export type Pbkdf2Prf = 'sha1' | 'sha256' | 'sha512'
export const PRF_BYTES: Record<Pbkdf2Prf, number> = { sha1: 20, sha256: 32, sha512: 64 }

/** PBKDF2-HMAC parameters shared by passlib, PHC, Atlassian, Werkzeug, ASP.NET and Django. */
export interface Pbkdf2Recipe {
  prf: Pbkdf2Prf
  iterations: number
  salt: Uint8Array
  keyLength: number
}

/** Async PBKDF2 (libuv thread pool, off the event loop) as lowercase hex. */
export function pbkdf2Digest(recipe: Pbkdf2Recipe): DigestFunction {
  const { prf, iterations, salt, keyLength } = recipe
  return (password) =>
    new Promise((resolve, reject) => {
      pbkdf2(password, salt, iterations, keyLength, prf, (error, key) =>
        error ? reject(error) : resolve(toHex(key)),
      )
    })
}

/** Rejects out-of-bounds PBKDF2 parameters before any hashing, else builds the ParsedHash. */
export function pbkdf2Hash(spec: KdfHashSpec & { recipe: Pbkdf2Recipe }): ParsedHashResult {
  const { recipe } = spec
  return kdfHash(spec, {
    name: 'PBKDF2',
    costProblem: within(recipe.iterations, COST_BOUNDS.pbkdf2Iterations)
      ? null
      : 'PBKDF2 iterations must be 1..2500000',
    recompute: () => ({
      cost: { iterations: recipe.iterations },
      configBody: pbkdf2ConfigBody(recipe),
      compute: pbkdf2Digest(recipe),
    }),
  })
}

/** Fast-config body: `<prf>$<iterations>$<base64 salt>$<key length>`. */
export function pbkdf2ConfigBody(recipe: Pbkdf2Recipe): string {
  return `${recipe.prf}$${recipe.iterations}$${encodeBase64(recipe.salt)}$${recipe.keyLength}`
}

/** Reads a `pbkdf2ConfigBody`, enforcing the same bounds, or null. */
export function parsePbkdf2ConfigBody(body: string): Pbkdf2Recipe | null {
  const [prf, iterText, saltText, lengthText, ...rest] = body.split('$')
  if (rest.length > 0 || saltText === undefined) return null
  if (prf !== 'sha1' && prf !== 'sha256' && prf !== 'sha512') return null
  const iterations = parseDecimal(iterText)
  const keyLength = parseDecimal(lengthText)
  const salt = decodeBase64(saltText)
  if (iterations === null || keyLength === null || !salt) return null
  if (!within(iterations, COST_BOUNDS.pbkdf2Iterations)) return null
  if (!within(keyLength, COST_BOUNDS.derivedKeyBytes)) return null
  if (salt.length > COST_BOUNDS.saltBytes.max) return null
  return { prf, iterations, salt, keyLength }
}
