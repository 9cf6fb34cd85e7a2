import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { HashHint } from '../../src/hashing/hash-hint.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { parseFastConfig } from '../../src/hashing/parse-fast-config.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { loadHashVectors } from './legacy-fixtures.js'

const primitives = createNodeHashPrimitives(createNodeArgon2Hasher(OWASP_ARGON2ID))
const PREFIXES = [
  '$1$',
  '$apr1$',
  '$5$',
  '$6$rounds=',
  '$2b$',
  '$2y$04$',
  '$P$',
  '$H$',
  '{SSHA}',
  '{CRYPT}',
  '{PKCS5S2}',
  '$pbkdf2$',
  '$pbkdf2-sha256$',
  '$pbkdf2-sha256$i=',
  '$scrypt$ln=',
  '$argon2id$v=19$m=',
  'pbkdf2:sha256:',
  'scrypt:',
  'pbkdf2_sha256$',
  'argon2$',
  'bcrypt_sha256$',
  'bcrypt$',
  'scrypt$',
  'sha1$',
  'md5$',
  '*',
  '_',
  '$pwg-digest$',
  'AQAAAA',
]

const HOSTILE = [
  '',
  '\0',
  'x'.repeat(1_000_000),
  '$'.repeat(5000),
  '$2b$99$' + 'a'.repeat(53),
  '$5$rounds=99999999999999999999$salt$' + 'a'.repeat(43),
  '$argon2id$v=19$m=1,t=1,p=1$$',
  '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$!!!!',
  '{SSHA}!!!!',
  '{SSHA}' + 'A'.repeat(5),
  '{CRYPT}{CRYPT}$1$',
  '$pbkdf2-sha256$i=1e9,l=32$AAAA$AAAA',
  '$1$ü$' + 'a'.repeat(22),
  'sha1$$',
  'sha1$salt$nothex',
  '*' + 'Z'.repeat(40),
  '密码密码密码密码密码密码密码密码密码密码密码',
  '\ud800\udfff\ud800',
  'AQAAAAEAACcQAAAAEA==',
  '$pwg-digest$sha1$prefix$$' + 'a'.repeat(40),
  'scrypt$16384$salt$8$1$' + '='.repeat(88),
]

describe('hostile stored hashes never throw', () => {
  it.each(HOSTILE.map((h) => [h.slice(0, 40), h]))('%s', async (_, hash) => {
    const result = parseStoredHash(hash)
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(['unrecognized_hash', 'malformed_hash', 'cost_out_of_bounds']).toContain(result.code)
  })

  it('any string, alone or after a known prefix, parses to a value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PREFIXES, ''),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (prefix, tail) => {
          const result = parseStoredHash(prefix + tail)
          expect(typeof result.ok).toBe('boolean')
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('mutated fixture hashes parse to a value and verify to false, never throwing', async () => {
    const samples = loadHashVectors()
      .filter((v) => !v.realistic)
      .filter((_, i) => i % 7 === 0)
    for (const vector of samples) {
      for (const mutated of mutations(vector.hash)) {
        const result = parseStoredHash(mutated, vector.hint)
        if (result.ok)
          await expect(result.hash.verify(`?${vector.password}`, primitives)).resolves.toBe(false)
      }
    }
  })

  it('rejects hints that are not a supported digest description', () => {
    const bad: unknown[] = [
      { algorithm: 'md6' },
      { algorithm: 'sha1', salt: 7 },
      { algorithm: 'sha1', saltPosition: 'middle', salt: 's' },
      { algorithm: 'sha1', encoding: 'base32' },
      { algorithm: 'ntlm', salt: 'x' },
      { algorithm: 'md5', salt: 'x'.repeat(2000) },
      'md5',
    ]
    for (const hint of bad) {
      const result = parseStoredHash('5f4dcc3b5aa765d61d8327deb882cf99', hint as HashHint)
      expect(result.ok ? 'ok' : result.code, JSON.stringify(hint)).toBe('invalid_hint')
    }
  })

  it('rejects a hinted digest of the wrong length or encoding', () => {
    const result = parseStoredHash('abcd', { algorithm: 'sha256' })
    expect(!result.ok && result.code).toBe('malformed_hash')
    const wrongEncoding = parseStoredHash('5f4dcc3b5aa765d61d8327deb882cf99', {
      algorithm: 'md5',
      encoding: 'base64',
    })
    expect(!wrongEncoding.ok && wrongEncoding.code).toBe('malformed_hash')
  })

  it('parseFastConfig returns null for anything that is not a config it wrote', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (tail) => {
        const config = parseFastConfig(`$pwg-fast$${tail}`)
        expect(config === null || typeof config.digest === 'function').toBe(true)
      }),
      { numRuns: 2000 },
    )
    for (const bad of [
      '',
      'x'.repeat(5000),
      '$pwg-fast$nope$',
      '$pwg-fast$scrypt$262144$8$1$AAAA$32',
      '$pwg-fast$pbkdf2_sha256$sha256$0$AAAA$32',
    ]) {
      expect(parseFastConfig(bad)).toBeNull()
    }
  })
})

function* mutations(hash: string): Generator<string> {
  yield hash.slice(0, -1)
  yield `${hash}A`
  yield hash.replace(/[0-9]/, '9')
  yield hash.slice(0, Math.floor(hash.length / 2))
  yield `${hash.slice(0, -2)}\u00e9\u00e9`
  yield hash.replaceAll('$', '$$$$')
}
