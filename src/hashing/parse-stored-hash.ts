import type { HashHint } from './hash-hint.js'
import { parseFailure, type ParsedHashResult } from './parsed-hash.js'
import { parseArgon2 } from './legacy/argon2.js'
import { parseAspnetIdentity } from './legacy/aspnet-identity.js'
import { parseAtlassianPbkdf2 } from './legacy/atlassian-pbkdf2.js'
import { parseHintedDigest, parsePwgDigest, parseRawMd5 } from './legacy/bare-digest.js'
import { parseBcrypt } from './legacy/bcrypt.js'
import { parseBsdiCrypt } from './legacy/bsdi-crypt.js'
import { parseDesCrypt } from './legacy/des-crypt.js'
import { parseDjangoHash } from './legacy/django.js'
import { parseLdapHash } from './legacy/ldap.js'
import { parseMd5Crypt } from './legacy/md5-crypt.js'
import { parseMysql41 } from './legacy/mysql41.js'
import { parsePasslibBcryptSha256 } from './legacy/passlib-bcrypt-sha256.js'
import { parsePasslibPbkdf2 } from './legacy/pbkdf2-passlib.js'
import { parsePhcPbkdf2 } from './legacy/pbkdf2-phc.js'
import { parsePhpass } from './legacy/phpass.js'
import { parseScrypt } from './legacy/scrypt.js'
import { parseShaCrypt } from './legacy/sha-crypt.js'
import { parseWerkzeugHash } from './legacy/werkzeug.js'

type Parser = (hash: string) => ParsedHashResult | null

/** Longest stored hash considered: real ones stay under 300 chars; this bounds regex work. */
export const MAX_STORED_HASH_LENGTH = 1024

/** crypt(3)-style strings, also what `{CRYPT}` may wrap. */
const CRYPT_PARSERS: Parser[] = [
  parsePwgDigest,
  parseMd5Crypt,
  parseShaCrypt,
  parseBcrypt,
  parsePasslibBcryptSha256,
  parsePhpass,
  parsePasslibPbkdf2,
  parsePhcPbkdf2,
  parseScrypt,
  parseArgon2,
  parseBsdiCrypt,
]

/** Strings that name their own scheme: recognised before any hint is consulted. */
const SELF_DESCRIBING: Parser[] = [
  ...CRYPT_PARSERS,
  parseAtlassianPbkdf2,
  (hash) => parseLdapHash(hash, parseCryptInner),
  parseMysql41,
  parseWerkzeugHash,
  parseDjangoHash,
]

/** Shapes a hint overrides: 32 hex could be any 16-byte digest, 13 chars could be base64. */
const AMBIGUOUS: Parser[] = [parseRawMd5, parseDesCrypt, parseAspnetIdentity]

function parseCryptInner(inner: string): ParsedHashResult | null {
  return firstMatch([...CRYPT_PARSERS, parseDesCrypt], inner)
}

function firstMatch(parsers: Parser[], hash: string): ParsedHashResult | null {
  for (const parse of parsers) {
    const result = parse(hash)
    if (result) return result
  }
  return null
}

/**
 * Recognises a stored password hash: from the string itself where it names its scheme, else
 * from `hint` (bare digests), else from its shape (32-hex md5, DES crypt, ASP.NET blobs).
 * Cost bounds are enforced here, so import rejects what login could not afford. Never throws.
 */
export function parseStoredHash(hash: string, hint?: HashHint): ParsedHashResult {
  if (typeof hash !== 'string' || hash.length === 0)
    return parseFailure('malformed_hash', 'empty hash')
  if (hash.length > MAX_STORED_HASH_LENGTH) return parseFailure('malformed_hash', 'hash too long')
  try {
    const named = firstMatch(SELF_DESCRIBING, hash)
    if (named) return named
    if (hint !== undefined && hint !== null) return parseHintedDigest(hash, hint)
    return firstMatch(AMBIGUOUS, hash) ?? parseFailure('unrecognized_hash', 'unknown hash format')
  } catch {
    // Parsers return values; this only guards the promise that hostile input never throws.
    return parseFailure('malformed_hash', 'unparseable hash')
  }
}
