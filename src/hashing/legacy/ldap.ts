import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64 } from './codecs.js'
import { digestHash } from './digest-hash.js'
import { DIGEST_BYTES, type DigestAlgorithm } from './salted-digest.js'

const LDAP_DIGESTS: Record<
  string,
  { algorithm: DigestAlgorithm; salted: boolean; scheme: string }
> = {
  MD5: { algorithm: 'md5', salted: false, scheme: 'ldap_md5' },
  SHA: { algorithm: 'sha1', salted: false, scheme: 'ldap_sha1' },
  SHA256: { algorithm: 'sha256', salted: false, scheme: 'ldap_sha256' },
  SHA512: { algorithm: 'sha512', salted: false, scheme: 'ldap_sha512' },
  SMD5: { algorithm: 'md5', salted: true, scheme: 'ldap_salted_md5' },
  SSHA: { algorithm: 'sha1', salted: true, scheme: 'ldap_salted_sha1' },
  SSHA256: { algorithm: 'sha256', salted: true, scheme: 'ldap_salted_sha256' },
  SSHA512: { algorithm: 'sha512', salted: true, scheme: 'ldap_salted_sha512' },
}
// LDAP servers write 4–16 bytes of salt; 64 leaves room and stops abuse.
const MAX_LDAP_SALT = 64

/**
 * RFC 2307 userPassword values: `{MD5}`/`{SHA}`/`{SHA256}`/`{SHA512}` = base64(digest),
 * `{SMD5}`/`{SSHA*}` = base64(digest(password ‖ salt) ‖ salt), and `{CRYPT}` around a crypt(3)
 * hash, which `parseCrypt` reads. Scheme tags are case-insensitive, as in OpenLDAP.
 */
export function parseLdapHash(
  hash: string,
  parseCrypt: (inner: string) => ParsedHashResult | null,
): ParsedHashResult | null {
  const match = /^\{([A-Za-z0-9]+)\}(.*)$/s.exec(hash)
  if (!match) return null
  const tag = (match[1] ?? '').toUpperCase()
  const body = match[2] ?? ''
  if (tag === 'CRYPT') return wrapCrypt(parseCrypt(body))
  const kind = LDAP_DIGESTS[tag]
  if (!kind) return null
  const raw = decodeBase64(body)
  const size = DIGEST_BYTES[kind.algorithm]
  if (!raw) return parseFailure('malformed_hash', `{${tag}} value is not base64`)
  const saltLength = raw.length - size
  const saltOk = kind.salted ? saltLength >= 1 && saltLength <= MAX_LDAP_SALT : saltLength === 0
  if (!saltOk) return parseFailure('malformed_hash', `{${tag}} value has the wrong length`)
  const digest = raw.slice(0, size)
  const salt = raw.slice(size)
  return parsed(
    digestHash({
      scheme: kind.scheme,
      family: 'ldap',
      canonical: `{${tag}}${encodeBase64(raw, true)}`,
      recipe: { algorithm: kind.algorithm, salt, saltPosition: 'suffix' },
      digest,
    }),
  )
}

function wrapCrypt(inner: ParsedHashResult | null): ParsedHashResult {
  if (!inner) return parseFailure('unrecognized_hash', '{CRYPT} value is not a known crypt hash')
  if (!inner.ok) return inner
  const { hash } = inner
  return parsed({
    ...hash,
    scheme: `ldap_${hash.scheme}`,
    family: 'ldap',
    canonical: `{CRYPT}${hash.canonical}`,
  })
}
