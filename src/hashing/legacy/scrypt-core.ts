import { scrypt } from 'node:crypto'
import type { ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64, toHex } from './codecs.js'
import { COST_BOUNDS, parseDecimal, within } from './cost-bounds.js'
import { kdfHash, type KdfHashSpec } from './kdf-hash.js'
import type { DigestFunction } from './recomputable-hash.js'

/** scrypt parameters shared by passlib/PHC, Werkzeug and Django. */
export interface ScryptRecipe {
  N: number
  r: number
  p: number
  salt: Uint8Array
  keyLength: number
}

/** Why the parameters are out of bounds, or null. N must be a power of two. */
export function scryptBoundsProblem(recipe: ScryptRecipe): string | null {
  const { N, r, p } = recipe
  const powerOfTwo = Number.isSafeInteger(N) && N > 0 && (N & (N - 1)) === 0
  if (!powerOfTwo || !within(N, COST_BOUNDS.scryptN))
    return 'scrypt N must be a power of two 2..2^17'
  if (!within(r, COST_BOUNDS.scryptR)) return 'scrypt r must be 1..8'
  if (!within(p, COST_BOUNDS.scryptP)) return 'scrypt p must be 1..16'
  // N·r·p is the work (time); 128·N·r the memory, bounded by N and r above.
  if (N * r * p > COST_BOUNDS.scryptWork.max) return 'scrypt N·r·p must be at most 2^22'
  return null
}

/** Async scrypt (libuv thread pool) as lowercase hex; maxmem sized for the bounded N and r. */
export function scryptDigest(recipe: ScryptRecipe): DigestFunction {
  const { N, r, p, salt, keyLength } = recipe
  const maxmem = 128 * N * r * 2 + 1024 * 1024
  return (password) =>
    new Promise((resolve, reject) => {
      scrypt(password, salt, keyLength, { N, r, p, maxmem }, (error, key) =>
        error ? reject(error) : resolve(toHex(key)),
      )
    })
}

/** Bounds-checks, then builds the ParsedHash. */
export function scryptHash(spec: KdfHashSpec & { recipe: ScryptRecipe }): ParsedHashResult {
  const { recipe } = spec
  return kdfHash(spec, {
    name: 'scrypt',
    costProblem: scryptBoundsProblem(recipe),
    recompute: () => ({
      cost: { N: recipe.N, r: recipe.r, p: recipe.p },
      configBody: scryptConfigBody(recipe),
      compute: scryptDigest(recipe),
    }),
  })
}

/** Fast-config body: `<N>$<r>$<p>$<base64 salt>$<key length>`. */
export function scryptConfigBody(recipe: ScryptRecipe): string {
  const { N, r, p, salt, keyLength } = recipe
  return `${N}$${r}$${p}$${encodeBase64(salt)}$${keyLength}`
}

/** Reads a `scryptConfigBody`, enforcing the same bounds, or null. */
export function parseScryptConfigBody(body: string): ScryptRecipe | null {
  const [nText, rText, pText, saltText, lengthText, ...rest] = body.split('$')
  if (rest.length > 0 || saltText === undefined) return null
  const [N, r, p, keyLength] = [nText, rText, pText, lengthText].map(parseDecimal)
  const salt = decodeBase64(saltText)
  if (N == null || r == null || p == null || keyLength == null || !salt) return null
  const recipe = { N, r, p, salt, keyLength }
  if (scryptBoundsProblem(recipe) || !within(keyLength, COST_BOUNDS.derivedKeyBytes)) return null
  return salt.length > COST_BOUNDS.saltBytes.max ? null : recipe
}
