import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HashHint } from '../../src/hashing/hash-hint.js'

/** One known-answer vector from `scripts/fixtures/generate-hash-fixtures.py`. */
export interface HashVector {
  family: string
  scheme: string
  hash: string
  password: string
  tool: string
  hint?: HashHint
  realistic?: boolean
  truncatedEquivalent?: string
  wrongPassword?: string
}

const DIR = join(import.meta.dirname, '../fixtures/hashes')

/** Every committed vector, tagged with the fixture file (family) it came from. */
export function loadHashVectors(): HashVector[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const doc = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as { vectors: HashVector[] }
      return doc.vectors.map((vector) => ({ ...vector, family: name.replace(/\.json$/, '') }))
    })
}

/**
 * The legacy families the vault promises to verify (README, Hash formats): one list for every
 * test of coverage, so the promise cannot drift between them.
 */
export const REQUIRED_SCHEMES: readonly string[] = [
  'md5_crypt',
  'apr_md5_crypt',
  'sha256_crypt',
  'sha512_crypt',
  'des_crypt',
  'bsdi_crypt',
  'bcrypt',
  'phpass',
  'passlib_bcrypt_sha256',
  'ldap_md5',
  'ldap_sha1',
  'ldap_salted_md5',
  'ldap_salted_sha1',
  'ldap_salted_sha256',
  'ldap_salted_sha512',
  'ldap_md5_crypt',
  'pbkdf2_sha1',
  'pbkdf2_sha256',
  'pbkdf2_sha512',
  'phc_pbkdf2_sha256',
  'atlassian_pbkdf2_sha1',
  'werkzeug_pbkdf2_sha256',
  'werkzeug_pbkdf2_sha1',
  'aspnet_identity_v2',
  'aspnet_identity_v3',
  'scrypt',
  'argon2i',
  'argon2d',
  'argon2id',
  'django_pbkdf2_sha256',
  'django_pbkdf2_sha1',
  'django_argon2',
  'django_bcrypt_sha256',
  'django_bcrypt',
  'django_salted_sha1',
  'django_salted_md5',
  'django_unsalted_sha1',
  'raw_md5',
  'mysql41',
  'raw_sha1',
  'raw_sha256',
  'raw_sha512',
  'salted_md5',
  'salted_sha256',
  'ntlm',
]
