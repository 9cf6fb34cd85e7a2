import type { HashPrimitives } from './hash-primitives.js'
import { bsdiCryptFromConfig } from './legacy/bsdi-crypt.js'
import { desCryptFromConfig } from './legacy/des-crypt.js'
import { md5CryptFromConfig } from './legacy/md5-crypt.js'
import { parsePbkdf2ConfigBody, pbkdf2Digest } from './legacy/pbkdf2-core.js'
import { phpassFromConfig } from './legacy/phpass.js'
import { FAST_CONFIG_PREFIX, type DigestFunction } from './legacy/recomputable-hash.js'
import { computeDigest, parseDigestConfigBody } from './legacy/salted-digest.js'
import { parseScryptConfigBody, scryptDigest } from './legacy/scrypt-core.js'
import { shaCryptFromConfig } from './legacy/sha-crypt.js'
import { utf8 } from './legacy/codecs.js'

/** A digest-free recipe that recomputes a legacy scheme's digest from a password. */
export interface FastConfig {
  scheme: string
  /** The scheme's digest text (lowercase hex, or the crypt checksum) for `password`. */
  digest(password: string, primitives?: HashPrimitives): Promise<string>
}

type BodyReader = (body: string) => DigestFunction | null

const digestBody: BodyReader = (body) => {
  const recipe = parseDigestConfigBody(body)
  return recipe ? (password) => computeDigest(recipe, password) : null
}
const pbkdf2Body: BodyReader = (body) => {
  const recipe = parsePbkdf2ConfigBody(body)
  return recipe ? pbkdf2Digest(recipe) : null
}
const scryptBody: BodyReader = (body) => {
  const recipe = parseScryptConfigBody(body)
  return recipe ? scryptDigest(recipe) : null
}

const DIGEST_SCHEMES =
  /^(?:raw_(?:md5|sha1|sha256|sha384|sha512)|salted_(?:md5|sha1|sha256|sha384|sha512)|ntlm|mysql41|ldap_(?:salted_)?(?:md5|sha1|sha256|sha512)|django_(?:un)?salted_(?:md5|sha1))$/
const PBKDF2_SCHEMES =
  /^(?:pbkdf2_sha(?:1|256|512)|phc_pbkdf2_sha(?:1|256|512)|atlassian_pbkdf2_sha1|werkzeug_pbkdf2_sha(?:1|256|512)|aspnet_identity_v[23]|django_pbkdf2_sha(?:1|256))$/
const SCRYPT_SCHEMES = /^(?:scrypt|werkzeug_scrypt|django_scrypt)$/
const CRYPT_READERS: Record<string, BodyReader> = {
  md5_crypt: md5CryptFromConfig,
  apr_md5_crypt: md5CryptFromConfig,
  sha256_crypt: shaCryptFromConfig,
  sha512_crypt: shaCryptFromConfig,
  des_crypt: desCryptFromConfig,
  bsdi_crypt: bsdiCryptFromConfig,
  phpass: phpassFromConfig,
}

function readerFor(scheme: string): BodyReader | null {
  if (DIGEST_SCHEMES.test(scheme)) return digestBody
  if (PBKDF2_SCHEMES.test(scheme)) return pbkdf2Body
  if (SCRYPT_SCHEMES.test(scheme)) return scryptBody
  return CRYPT_READERS[scheme] ?? null
}

/**
 * Reads a `ParsedHash.fast.config` (`$pwg-fast$<scheme>$<body>`): the inner recipe of a wrapped
 * legacy hash (the batch migration's wrapped format). Returns null for anything else; never throws.
 */
export function parseFastConfig(config: string): FastConfig | null {
  if (
    typeof config !== 'string' ||
    config.length > 2048 ||
    !config.startsWith(FAST_CONFIG_PREFIX)
  ) {
    return null
  }
  const rest = config.slice(FAST_CONFIG_PREFIX.length)
  const cut = rest.indexOf('$')
  if (cut <= 0) return null
  const scheme = rest.slice(0, cut)
  const reader = readerFor(scheme)
  const compute = reader ? safely(() => reader(rest.slice(cut + 1))) : null
  if (!compute) return null
  return { scheme, digest: (password) => compute(utf8(password)) }
}

function safely<T>(read: () => T | null): T | null {
  try {
    return read()
  } catch {
    return null
  }
}
