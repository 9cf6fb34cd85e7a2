import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { describe, expect, it } from 'vitest'
import { createWorkerHashPrimitives } from '../../src/entry/worker-hash-primitives.js'
import { createWasmArgon2Hasher } from '../../src/hashing/wasm-argon2-hasher.js'
import { testEnv } from './worker-test-env.js'

const PARAMS = { memoryKib: 8_192, iterations: 1, parallelism: 1 }
const hasher = createWasmArgon2Hasher(argon2Wasm, PARAMS)

/** Asks @node-rs/argon2, running in Node behind a service binding, to verify. */
async function nodeVerifies(phc: string, password: string): Promise<boolean> {
  const res = await testEnv.NODE_ARGON2.fetch('http://node/verify', {
    method: 'POST',
    body: JSON.stringify({ phc, password }),
  })
  return ((await res.json()) as { ok: boolean }).ok
}

describe('argon2 in workerd (WASM) interoperates with Node (@node-rs/argon2)', () => {
  it('verifies hashes made on Node, and refuses wrong passwords', async () => {
    expect(testEnv.TEST_NODE_ARGON2_FIXTURES.length).toBeGreaterThan(1)
    for (const { password, phc } of testEnv.TEST_NODE_ARGON2_FIXTURES) {
      expect(phc).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/)
      expect(await hasher.verify(phc, password)).toBe(true)
      expect(await hasher.verify(phc, new TextEncoder().encode(password))).toBe(true)
      expect(await hasher.verify(phc, `${password} `)).toBe(false)
    }
  })

  it('makes hashes that Node verifies, non-ASCII passwords included', async () => {
    for (const { password } of testEnv.TEST_NODE_ARGON2_FIXTURES) {
      const phc = await hasher.hash(password)
      expect(phc).toMatch(
        /^\$argon2id\$v=19\$m=8192,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
      )
      expect(await nodeVerifies(phc, password)).toBe(true)
      expect(await nodeVerifies(phc, password.slice(0, -1))).toBe(false)
    }
  })

  it('salts every hash and verifies its own', async () => {
    const [a, b] = [await hasher.hash('same password'), await hasher.hash('same password')]
    expect(a).not.toBe(b)
    expect(await hasher.verify(a, 'same password')).toBe(true)
  })

  it('treats malformed PHC strings as a non-match and refuses oversized memory costs', async () => {
    expect(await hasher.verify('$argon2id$garbage', 'x')).toBe(false)
    expect(await hasher.verify('$2b$10$notargon', 'x')).toBe(false)
    const huge =
      '$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'
    await expect(hasher.verify(huge, 'x')).rejects.toThrow(/Worker limit/)
  })
})

describe('bcrypt in workerd (bcryptjs) verifies @node-rs/bcrypt hashes', () => {
  const primitives = createWorkerHashPrimitives(hasher)
  const bytes = (text: string) => new TextEncoder().encode(text)

  it('verifies Node-made hashes over the raw password bytes', async () => {
    for (const { password, hash } of testEnv.TEST_NODE_BCRYPT_FIXTURES) {
      expect(await primitives.bcryptVerify(bytes(password).subarray(0, 72), hash)).toBe(true)
      expect(await primitives.bcryptVerify(bytes(`${password}!`).subarray(0, 71), hash)).toBe(false)
    }
  })

  it('verifies a password cut at 72 bytes inside a character, as native bcrypt does', async () => {
    const fixture = testEnv.TEST_NODE_BCRYPT_FIXTURES.find(({ password }) =>
      password.endsWith('€€'),
    )
    const cut = bytes(fixture!.password).subarray(0, 72)
    // 35 × "é" (70 bytes) + "x" leaves one byte of the first "€": the cut is mid-character.
    expect(() => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(cut)).toThrow()
    expect(await primitives.bcryptVerify(cut, fixture!.hash)).toBe(true)
  })

  it('passes argon2 through the WASM hasher', async () => {
    const { password, phc } = testEnv.TEST_NODE_ARGON2_FIXTURES[0]!
    expect(await primitives.argon2Verify(phc, bytes(password))).toBe(true)
    expect(await primitives.argon2Verify(phc, bytes('nope'))).toBe(false)
  })
})
