import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { hash as nativeHash } from '@node-rs/argon2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  MAX_WASM_MEMORY_KIB,
  createWasmArgon2Hasher,
} from '../../src/hashing/wasm-argon2-hasher.js'
import { ndjson } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'

/** Node's WebAssembly global (the typecheck has no DOM WASM types, as in the adapter). */
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object }
}

/** The Worker's argon2 adapter, run in Node on the same WASM module workerd is given. */
function wasmHasher() {
  const path = createRequire(import.meta.url).resolve('@phi-ag/argon2/argon2.wasm')
  return createWasmArgon2Hasher(new wasm.Module(readFileSync(path)), TEST_ARGON2)
}

describe('the WASM argon2 adapter behind the app', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let login: Record<string, string>
  beforeAll(async () => {
    t = createTestApp({ deps: { hasher: wasmHasher() } })
    admin = await t.keyFor('clinic', ['admin'])
    login = await t.keyFor('clinic', ['login'])
  })
  afterAll(() => t.close())

  const importHash = async (externalId: string, hash: string) => {
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId, hash }]),
    })
    expect(await res.json()).toMatchObject({ imported: 1, rejected: [] })
  }
  const signIn = (externalId: string, password: string) =>
    t.app.request('/v1/login', jsonRequest('POST', { externalId, password }, login))

  it('logs in with an argon2id hash another library made', async () => {
    await importHash(
      'native',
      await nativeHash('correct horse', { memoryCost: 8_192, timeCost: 1 }),
    )
    expect((await signIn('native', 'correct horse')).status).toBe(200)
    expect((await signIn('native', 'wrong horse')).status).toBe(401)
  })

  it('answers 503 hash_cost_unsupported for a stored hash over the Worker memory limit', async () => {
    const memoryKib = MAX_WASM_MEMORY_KIB * 2
    // Refused before any WASM memory is asked for, so the digest itself is never computed.
    const salt = 'c2FsdHNhbHRzYWx0c2FsdA'
    const key = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    await importHash('heavy', `$argon2id$v=19$m=${memoryKib},t=1,p=1$${salt}$${key}`)

    const res = await signIn('heavy', 'correct horse')

    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 503, code: 'hash_cost_unsupported' })
  })
})
