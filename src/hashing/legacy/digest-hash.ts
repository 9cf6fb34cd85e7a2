import type { HashFamily, ParsedHash } from '../parsed-hash.js'
import { toHex } from './codecs.js'
import { recomputableHash } from './recomputable-hash.js'
import { computeDigest, digestConfigBody, type DigestRecipe } from './salted-digest.js'

/** A ParsedHash for a one-shot (fast) digest: bare, LDAP, Django-salted, MySQL. */
export function digestHash(spec: {
  scheme: string
  family: HashFamily
  canonical: string
  recipe: DigestRecipe
  digest: Uint8Array
}): ParsedHash {
  const { recipe } = spec
  return recomputableHash({
    scheme: spec.scheme,
    family: spec.family,
    speed: 'fast',
    canonical: spec.canonical,
    configBody: digestConfigBody(recipe),
    digest: toHex(spec.digest),
    compute: (password) => computeDigest(recipe, password),
  })
}
