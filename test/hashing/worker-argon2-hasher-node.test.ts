import { hash as nativeHash, verify as nativeVerify } from '@node-rs/argon2'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkerArgon2Hasher } from '../../src/hashing/worker-argon2-hasher-node.js'

const params = { memoryKib: 8_192, iterations: 1, parallelism: 1 }

describe('argon2 on niced worker threads', () => {
  const hasher = createNodeWorkerArgon2Hasher(params, { threads: 2 })
  afterAll(() => hasher.close())

  it('makes argon2id PHC strings the native adapter verifies, and verifies its hashes', async () => {
    const phc = await hasher.hash('pässwörd-🔑')
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/)
    expect(await nativeVerify(phc, 'pässwörd-🔑')).toBe(true)
    const native = await nativeHash('correct horse', { memoryCost: 8_192, timeCost: 1 })
    expect(await hasher.verify(native, 'correct horse')).toBe(true)
    expect(await hasher.verify(native, new TextEncoder().encode('correct horse'))).toBe(true)
    expect(await hasher.verify(native, 'wrong horse')).toBe(false)
  })

  it('answers a malformed PHC string with false and keeps serving', async () => {
    expect(await hasher.verify('$argon2id$nonsense', 'x')).toBe(false)
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => hasher.hash(`p${i}`)))
    expect(new Set(many).size).toBe(12)
    expect(await hasher.verify(many[7]!, 'p7')).toBe(true)
  })
})
