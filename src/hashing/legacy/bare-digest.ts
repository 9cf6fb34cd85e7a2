import { isHintAlgorithm, type HashHint, type HintAlgorithm } from '../hash-hint.js'
import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, decodeHex, encodeBase64, toHex, utf8 } from './codecs.js'
import { COST_BOUNDS } from './cost-bounds.js'
import { digestHash } from './digest-hash.js'
import { DIGEST_BYTES, type DigestRecipe } from './salted-digest.js'

/** pwguard's own self-describing form for hinted digests (read by `parsePwgDigest`). */
export const PWG_DIGEST_PREFIX = '$pwg-digest$'
const EMPTY = new Uint8Array()

/** Bare digest described by a `hint`: md5, sha-1/2 or ntlm, optional salt, hex or base64. */
export function parseHintedDigest(hash: string, hint: HashHint): ParsedHashResult {
  const problem = hintProblem(hint)
  if (problem) return parseFailure('invalid_hint', problem)
  const algorithm = hint.algorithm
  const bytes = DIGEST_BYTES[algorithm]
  const encoding =
    hint.encoding ?? (/^[0-9a-fA-F]+$/.test(hash) && hash.length === bytes * 2 ? 'hex' : 'base64')
  const digest = encoding === 'hex' ? decodeHex(hash, bytes) : decodeBase64(hash)
  if (!digest || digest.length !== bytes) {
    return parseFailure('malformed_hash', `not a ${encoding} ${algorithm} digest (${bytes} bytes)`)
  }
  const salt = hint.salt ? utf8(hint.salt) : EMPTY
  return parsed(
    bareDigest({ algorithm, salt, saltPosition: hint.saltPosition ?? 'prefix' }, digest),
  )
}

function hintProblem(hint: HashHint): string | null {
  if (typeof hint !== 'object' || hint === null) return 'hint must be an object'
  if (!isHintAlgorithm(hint.algorithm)) return 'hint.algorithm is not a supported digest'
  if (hint.salt !== undefined && typeof hint.salt !== 'string') return 'hint.salt must be a string'
  if (hint.salt && utf8(hint.salt).length > COST_BOUNDS.saltBytes.max) return 'hint.salt too long'
  if (hint.saltPosition !== undefined && !['prefix', 'suffix'].includes(hint.saltPosition)) {
    return 'hint.saltPosition must be prefix or suffix'
  }
  if (hint.encoding !== undefined && !['hex', 'base64'].includes(hint.encoding)) {
    return 'hint.encoding must be hex or base64'
  }
  if (hint.algorithm === 'ntlm' && hint.salt) return 'ntlm is unsalted'
  return null
}

/** Bare 32-hex without a hint: Django's unsalted_md5 / plain md5. */
export function parseRawMd5(hash: string): ParsedHashResult | null {
  if (!/^[0-9a-fA-F]{32}$/.test(hash)) return null
  const digest = decodeHex(hash, 16)
  if (!digest) return null
  return parsed(bareDigest({ algorithm: 'md5', salt: EMPTY, saltPosition: 'prefix' }, digest))
}

/**
 * `$pwg-digest$<alg>$<hex>` (unsalted) or `$pwg-digest$<alg>$<prefix|suffix>$<base64 salt>$<hex>`:
 * the canonical form of hinted digests, so they parse again without their hint.
 */
export function parsePwgDigest(hash: string): ParsedHashResult | null {
  if (!hash.startsWith(PWG_DIGEST_PREFIX)) return null
  const parts = hash.slice(PWG_DIGEST_PREFIX.length).split('$')
  const algorithm = parts[0]
  if (!isHintAlgorithm(algorithm)) return parseFailure('malformed_hash', 'unknown digest algorithm')
  const hex = parts[parts.length - 1] ?? ''
  const digest = decodeHex(hex, DIGEST_BYTES[algorithm])
  if (!digest) return parseFailure('malformed_hash', 'digest is not hex of the right length')
  if (parts.length === 2)
    return parsed(bareDigest({ algorithm, salt: EMPTY, saltPosition: 'prefix' }, digest))
  const [, position, saltText] = parts
  const salt = parts.length === 4 && saltText ? decodeBase64(saltText) : null
  if (!salt || salt.length === 0 || salt.length > COST_BOUNDS.saltBytes.max) {
    return parseFailure('malformed_hash', 'salt is not non-empty base64')
  }
  if ((position !== 'prefix' && position !== 'suffix') || algorithm === 'ntlm') {
    return parseFailure('malformed_hash', 'salt position must be prefix or suffix')
  }
  return parsed(bareDigest({ algorithm, salt, saltPosition: position }, digest))
}

function bareDigest(recipe: DigestRecipe & { algorithm: HintAlgorithm }, digest: Uint8Array) {
  const { algorithm, salt, saltPosition } = recipe
  const salted = salt.length > 0
  const scheme = salted ? `salted_${algorithm}` : algorithm === 'ntlm' ? 'ntlm' : `raw_${algorithm}`
  const hex = toHex(digest)
  const canonical =
    scheme === 'raw_md5'
      ? hex
      : salted
        ? `${PWG_DIGEST_PREFIX}${algorithm}$${saltPosition}$${encodeBase64(salt)}$${hex}`
        : `${PWG_DIGEST_PREFIX}${algorithm}$${hex}`
  return digestHash({ scheme, family: 'digest', canonical, recipe, digest })
}
