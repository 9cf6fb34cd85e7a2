import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { needsRehash } from '../../src/hashing/needs-rehash.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'

const hasher = createNodeArgon2Hasher(OWASP_ARGON2ID)
const primitives = createNodeHashPrimitives(hasher)
const md5 = (text: string): string => createHash('md5').update(text).digest('hex')

function parse(hash: string, hint?: Parameters<typeof parseStoredHash>[1]) {
  const result = parseStoredHash(hash, hint)
  if (!result.ok) throw new Error(`${result.code}: ${result.detail}`)
  return result.hash
}

describe('parseStoredHash recognition order', () => {
  it('reads bare 32-hex as unsalted md5 without a hint, and as the hinted digest with one', async () => {
    const plain = parse(md5('password'))
    expect(plain).toMatchObject({ scheme: 'raw_md5', family: 'digest', speed: 'fast' })
    expect(await plain.verify('password', primitives)).toBe(true)
    const salted = parse(md5('NaClpassword'), { algorithm: 'md5', salt: 'NaCl' })
    expect(salted.scheme).toBe('salted_md5')
    expect(await salted.verify('password', primitives)).toBe(true)
    expect(salted.canonical).toBe(`$pwg-digest$md5$prefix$TmFDbA$${md5('NaClpassword')}`)
    const ntlm = parse('8846F7EAEE8FB117AD06BDD830B7586C', { algorithm: 'ntlm' })
    expect(ntlm.scheme).toBe('ntlm')
    expect(await ntlm.verify('password', primitives)).toBe(true)
  })

  it('lets a hash that names its scheme win over a hint', () => {
    const result = parse('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19', { algorithm: 'sha1' })
    expect(result.scheme).toBe('mysql41')
  })

  it('answers unrecognized_hash for strings of no known shape', () => {
    for (const hash of ['hello world', '$9$abc$def', '{ROT13}cnffjbeq', 'deadbeef']) {
      const result = parseStoredHash(hash)
      expect(!result.ok && result.code, hash).toBe('unrecognized_hash')
    }
  })

  it('keeps rounds= in the canonical sha-crypt form exactly when it was given', () => {
    const checksum = 'a'.repeat(43)
    expect(parse(`$5$rounds=5000$salt$${checksum}`).canonical).toBe(
      `$5$rounds=5000$salt$${checksum}`,
    )
    expect(parse(`$5$salt$${checksum}`).canonical).toBe(`$5$salt$${checksum}`)
    expect(parse(`$5$salt$${checksum}`).cost).toEqual({ rounds: 5000 })
    expect(parse(`$5$salt$${checksum}`).fast?.config).toBe('$pwg-fast$sha256_crypt$$5$salt$')
  })

  it('wraps a crypt hash in {CRYPT} and keeps the inner scheme in its fast config', async () => {
    const inner = '$1$saltsalt$qjXMvbEw8oaL.CzflDugX/'
    const parsed = parse(`{CRYPT}${inner}`)
    expect(parsed).toMatchObject({
      scheme: 'ldap_md5_crypt',
      family: 'ldap',
      canonical: `{CRYPT}${inner}`,
    })
    expect(parsed.fast?.config).toBe('$pwg-fast$md5_crypt$$1$saltsalt$')
  })
})

describe('verification semantics', () => {
  it('verifies bcrypt on the first 72 bytes, as the reference does, and $2a$/$2y$ like $2b$', async () => {
    const long = 'ä'.repeat(40) // 80 bytes
    const hash = await import('@node-rs/bcrypt').then((b) =>
      b.hash(Buffer.from(long).subarray(0, 72), 4),
    )
    for (const variant of ['$2a$', '$2b$', '$2y$']) {
      const parsed = parse(variant + hash.slice(4))
      expect(await parsed.verify(long, primitives)).toBe(true)
      expect(await parsed.verify(`${'ä'.repeat(36)}different tail`, primitives)).toBe(true)
      expect(await parsed.verify('ä'.repeat(35), primitives)).toBe(false)
    }
  })

  it('takes the password exactly as given: NFC and NFD forms are different passwords', async () => {
    const nfc = 'pässwörd'.normalize('NFC')
    const parsed = parse(md5(nfc))
    expect(await parsed.verify(nfc, primitives)).toBe(true)
    expect(await parsed.verify(nfc.normalize('NFD'), primitives)).toBe(false)
  })

  it('refuses passwords over 4096 bytes before any work (sha-crypt is quadratic in length)', async () => {
    const long = 'x'.repeat(4097)
    expect(await parse(md5(long)).verify(long, primitives)).toBe(false)
    const fits = 'x'.repeat(4096)
    expect(await parse(md5(fits)).verify(fits, primitives)).toBe(true)
  })
})

describe('needsRehash', () => {
  it('is false only for argon2id with exactly the policy parameters', async () => {
    const current = parse(await hasher.hash('pw'))
    expect(needsRehash(current, OWASP_ARGON2ID)).toBe(false)
    expect(needsRehash(current, { ...OWASP_ARGON2ID, memoryKib: 65536 })).toBe(true)
    expect(needsRehash(current, { ...OWASP_ARGON2ID, iterations: 3 })).toBe(true)
    expect(needsRehash(current, { ...OWASP_ARGON2ID, parallelism: 2 })).toBe(true)
    const argon2i = current.canonical.replace('$argon2id$', '$argon2i$')
    expect(needsRehash(parse(argon2i), OWASP_ARGON2ID)).toBe(true)
    expect(needsRehash(parse(`argon2${current.canonical}`), OWASP_ARGON2ID)).toBe(true)
    expect(needsRehash(parse(md5('pw')), OWASP_ARGON2ID)).toBe(true)
  })

  it('judges the stored form, not only the scheme name: a prefixed argon2id is rewritten', async () => {
    const current = parse(await hasher.hash('pw'))
    const prefixed = { ...current, canonical: `argon2${current.canonical}` }
    expect(prefixed.scheme).toBe('argon2id')
    expect(needsRehash(prefixed, OWASP_ARGON2ID)).toBe(true)
  })
})
