import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import type { ParsedHash } from '../../src/hashing/parsed-hash.js'
import { decideWrap } from '../../src/migration/wrap-threshold.js'
import {
  formatWrappedHash,
  parseWrappedHash,
  verifyWrappedHash,
  wrapLegacyHash,
} from '../../src/migration/wrapped-hash.js'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { TEST_ARGON2 } from '../support/test-app.js'
import { fixtureHash, werkzeugPbkdf2 } from './migration-support.js'

const hasher = createNodeArgon2Hasher(TEST_ARGON2)
const parse = (hash: string): ParsedHash => {
  const result = parseStoredHash(hash)
  if (!result.ok) throw new Error(result.detail)
  return result.hash
}

describe('wrapped format', () => {
  it('round-trips, records the inner recipe, holds no fast digest, verifies raw and NFKC', async () => {
    const legacy = parse(MD5_CRYPT.hash)
    const wrapped = (await wrapLegacyHash(legacy, hasher))!
    expect(wrapped.stored).toMatch(
      /^\$pwg-wrap\$v=1\$md5_crypt\$[A-Za-z0-9_-]+\$argon2id\$v=19\$m=8192,t=1,p=1\$/,
    )
    expect(wrapped.stored).not.toContain(legacy.fast!.digest)
    const parsed = parseWrappedHash(wrapped.stored)!
    expect(parsed.innerConfig).toBe(legacy.fast!.config)
    expect(parsed.cost).toEqual({ m: 8192, t: 1, p: 1 })
    expect(await verifyWrappedHash(parsed, MD5_CRYPT.password, hasher)).toBe(true)
    expect(await verifyWrappedHash(parsed, 'correct horsf', hasher)).toBe(false)
    // The legacy system hashed the NFKC form ('fi'); the user types the ligature ('ﬁ').
    const sha1 = createHash('sha1').update('fine-secret').digest('hex')
    const nfkc = parseWrappedHash(
      (await wrapLegacyHash(parse(`$pwg-digest$sha1$${sha1}`), hasher))!.stored,
    )!
    expect(await verifyWrappedHash(nfkc, '\ufb01ne-secret', hasher)).toBe(true)
    expect(await verifyWrappedHash(nfkc, 'fine-secreT', hasher)).toBe(false)
  })

  it('is bounded and refuses forged or absurd strings', async () => {
    const wrapped = (await wrapLegacyHash(parse(MD5_CRYPT.hash), hasher))!.stored
    expect(parseWrappedHash(wrapped + 'A'.repeat(1100))).toBeNull()
    expect(parseWrappedHash(wrapped.replace('m=8192', 'm=2000000'))).toBeNull()
    expect(parseWrappedHash(wrapped.replace('t=1', 't=11'))).toBeNull()
    expect(parseWrappedHash(wrapped.replace('$argon2id$', '$argon2i$'))).toBeNull()
    expect(parseWrappedHash(wrapped.replace('v=1$md5_crypt', 'v=2$md5_crypt'))).toBeNull()
    expect(parseWrappedHash(wrapped.replace('$md5_crypt$', '$bcrypt$'))).toBeNull()
    expect(formatWrappedHash('$1$abc$', '$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA')).toBeNull()
  })
})

describe('wrap threshold', () => {
  const decide = (hash: string) => decideWrap(parse(hash))

  it('wraps fast schemes and slow ones below the policy cost, keeps the rest', () => {
    expect(decide(MD5_CRYPT.hash)).toEqual({ action: 'wrap', reason: 'fast_scheme' })
    expect(decide(werkzeugPbkdf2('x', 599_999))).toEqual({
      action: 'wrap',
      reason: 'below_threshold',
    })
    expect(decide(werkzeugPbkdf2('x', 600_000))).toEqual({ action: 'keep', reason: 'at_threshold' })
    // Threshold decisions read only the parameters: a well-formed checksum is enough here.
    const shaCrypt = (rounds: number) => `$6$rounds=${rounds}$saltsalt$${'a'.repeat(86)}`
    expect(decide(shaCrypt(656_000)).action).toBe('keep')
    expect(decide(shaCrypt(655_999)).action).toBe('wrap')
    expect(decide(fixtureHash('sha512_crypt', '$6$rounds=5000$').hash).action).toBe('wrap')
    expect(decide(fixtureHash('scrypt', '$scrypt$ln=16,').hash).action).toBe('wrap')
    expect(decide(fixtureHash('bcrypt', '$2b$12$').hash).action).toBe('keep')
    expect(decide(fixtureHash('bcrypt', '$2b$04$').hash)).toEqual({
      action: 'login_only',
      reason: 'bcrypt_below_threshold',
    })
    expect(decide(fixtureHash('argon2id', '$argon2id$v=19$m=256').hash)).toEqual({
      action: 'keep',
      reason: 'argon2',
    })
  })
})
