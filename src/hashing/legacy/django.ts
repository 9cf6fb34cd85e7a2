import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, decodeHex, encodeBase64, toHex, utf8 } from './codecs.js'
import { parseDecimal } from './cost-bounds.js'
import { parseArgon2As } from './argon2.js'
import { parseBcryptAs } from './bcrypt.js'
import { digestHash } from './digest-hash.js'
import { pbkdf2Hash } from './pbkdf2-core.js'
import { scryptHash } from './scrypt-core.js'

/**
 * Django's `<algorithm>$…` hashes: pbkdf2_sha256/pbkdf2_sha1, argon2, bcrypt_sha256, bcrypt,
 * scrypt, salted sha1/md5 (`sha1$salt$hex`) and unsalted (`sha1$$hex`, `md5$$hex`). Bare 32-hex
 * unsalted md5 is read by the bare-digest parser.
 */
export function parseDjangoHash(hash: string): ParsedHashResult | null {
  const cut = hash.indexOf('$')
  if (cut <= 0) return null
  const algorithm = hash.slice(0, cut)
  const rest = hash.slice(cut + 1)
  switch (algorithm) {
    case 'pbkdf2_sha256':
    case 'pbkdf2_sha1':
      return djangoPbkdf2(algorithm, rest)
    case 'argon2':
      return parseArgon2As(`$${rest}`, {
        scheme: 'django_argon2',
        family: 'django',
        canonicalPrefix: 'argon2',
      })
    case 'bcrypt':
    case 'bcrypt_sha256':
      return djangoBcrypt(algorithm, rest)
    case 'scrypt':
      return djangoScrypt(rest)
    case 'sha1':
    case 'md5':
      return djangoSaltedDigest(algorithm, rest)
    default:
      return null
  }
}

function djangoPbkdf2(algorithm: 'pbkdf2_sha256' | 'pbkdf2_sha1', rest: string): ParsedHashResult {
  const [iterText, salt = '', keyText = '', ...extra] = rest.split('$')
  const iterations = parseDecimal(iterText)
  const key = decodeBase64(keyText)
  const prf = algorithm === 'pbkdf2_sha256' ? 'sha256' : 'sha1'
  if (
    iterations === null ||
    extra.length > 0 ||
    !salt ||
    !key ||
    key.length !== (prf === 'sha1' ? 20 : 32)
  ) {
    return parseFailure('malformed_hash', `not a valid Django ${algorithm} hash`)
  }
  return pbkdf2Hash({
    scheme: `django_${algorithm}`,
    family: 'django',
    canonical: `${algorithm}$${iterations}$${salt}$${encodeBase64(key, true)}`,
    recipe: { prf, iterations, salt: utf8(salt), keyLength: key.length },
    digest: key,
  })
}

function djangoBcrypt(algorithm: 'bcrypt' | 'bcrypt_sha256', rest: string): ParsedHashResult {
  // bcrypt_sha256 feeds bcrypt the hex SHA-256 of the password, lifting the 72-byte limit.
  const prepare =
    algorithm === 'bcrypt_sha256'
      ? (password: Uint8Array) => Buffer.from(createHash('sha256').update(password).digest('hex'))
      : undefined
  const result = parseBcryptAs(rest, {
    scheme: `django_${algorithm}`,
    family: 'django',
    canonicalPrefix: `${algorithm}$`,
    ...(prepare ? { prepare } : {}),
  })
  return result ?? parseFailure('malformed_hash', `not a valid Django ${algorithm} hash`)
}

/** Django ≥ 4.2 `scrypt$<N>$<salt>$<r>$<p>$<base64 key64>`. */
function djangoScrypt(rest: string): ParsedHashResult {
  const [nText, salt = '', rText, pText, keyText = '', ...extra] = rest.split('$')
  const [N, r, p] = [nText, rText, pText].map(parseDecimal)
  const key = decodeBase64(keyText)
  if (
    N == null ||
    r == null ||
    p == null ||
    extra.length > 0 ||
    !salt ||
    !key ||
    key.length !== 64
  ) {
    return parseFailure('malformed_hash', 'not a valid Django scrypt hash')
  }
  return scryptHash({
    scheme: 'django_scrypt',
    family: 'django',
    canonical: `scrypt$${N}$${salt}$${r}$${p}$${encodeBase64(key, true)}`,
    recipe: { N, r, p, salt: utf8(salt), keyLength: 64 },
    digest: key,
  })
}

/** `sha1$<salt>$<hex>` = sha1(salt ‖ password); an empty salt is Django's unsalted hasher. */
function djangoSaltedDigest(algorithm: 'sha1' | 'md5', rest: string): ParsedHashResult {
  const [salt = '', hex = '', ...extra] = rest.split('$')
  const digest = decodeHex(hex, algorithm === 'sha1' ? 20 : 16)
  if (!digest || extra.length > 0 || salt.length > 256) {
    return parseFailure('malformed_hash', `not a valid Django ${algorithm} hash`)
  }
  const kind = salt ? 'salted' : 'unsalted'
  return parsed(
    digestHash({
      scheme: `django_${kind}_${algorithm}`,
      family: 'django',
      canonical: `${algorithm}$${salt}$${toHex(digest)}`,
      recipe: { algorithm, salt: utf8(salt), saltPosition: 'prefix' },
      digest,
    }),
  )
}
