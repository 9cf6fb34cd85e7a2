import { parsed, parseFailure, type HashFamily, type ParsedHashResult } from '../parsed-hash.js'
import { toHex } from './codecs.js'
import { COST_BOUNDS, within } from './cost-bounds.js'
import { recomputableHash, type DigestFunction } from './recomputable-hash.js'

/** What a parsed key-derivation hash (PBKDF2, scrypt) says about itself. */
export interface KdfHashSpec {
  scheme: string
  family: HashFamily
  canonical: string
  recipe: { keyLength: number; salt: Uint8Array }
  digest: Uint8Array
}

/** The family-specific part: its name in messages, its cost check and how to recompute it. */
export interface KdfFamily {
  name: string
  /** Why the cost parameters are out of bounds, or null. */
  costProblem: string | null
  /** Called only once every bound holds, so a hostile hash costs no work beyond parsing. */
  recompute: () => { cost: Record<string, number>; configBody: string; compute: DigestFunction }
}

/**
 * The bounds every slow KDF family shares, checked before any hashing (cost first, then key
 * and salt length), then the ParsedHash that recomputes it.
 */
export function kdfHash(spec: KdfHashSpec, kdf: KdfFamily): ParsedHashResult {
  if (kdf.costProblem) return parseFailure('cost_out_of_bounds', kdf.costProblem)
  if (!within(spec.recipe.keyLength, COST_BOUNDS.derivedKeyBytes)) {
    return parseFailure('malformed_hash', `${kdf.name} key length must be 8..128 bytes`)
  }
  if (spec.recipe.salt.length > COST_BOUNDS.saltBytes.max) {
    return parseFailure('malformed_hash', `${kdf.name} salt too long`)
  }
  return parsed(
    recomputableHash({
      scheme: spec.scheme,
      family: spec.family,
      speed: 'slow',
      canonical: spec.canonical,
      ...kdf.recompute(),
      digest: toHex(spec.digest),
    }),
  )
}
