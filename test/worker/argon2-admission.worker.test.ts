import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import { jsonRequest, keyFor } from './worker-app.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

beforeAll(() => seedCorpus())

// A login flood must not pile up unbounded argon2 work in an isolate: the Worker's WASM argon2
// sits behind the same bounded admission as Node's (one hash at a time per isolate, a bounded
// queue, 503 overloaded + Retry-After), and so does every slow legacy family.
describe('Worker entry: argon2 admission control', () => {
  it('sheds argon2 work beyond the queue bound with 503 overloaded + Retry-After', async () => {
    const handler = createWorkerHandler(argon2Wasm)
    const env = { ...testEnv, PWGUARD_ARGON2_MAX_QUEUE: '2' }
    const auth = await keyFor('worker-admission', ['login'])
    const [fixture] = testEnv.TEST_NODE_ARGON2_FIXTURES
    if (!fixture) throw new Error('no argon2 fixture')
    const verify = () =>
      handler.fetch(
        new Request(
          'http://pwguard.test/v1/hashes/verify',
          jsonRequest('POST', { hash: fixture.phc, password: fixture.password }, auth),
        ),
        env,
      )
    // Starts the isolate's app first, so the burst below meets a warm handler.
    expect((await verify()).status).toBe(200)
    const responses = await Promise.all(Array.from({ length: 16 }, verify))
    const shed = responses.filter((res) => res.status === 503)
    const served = responses.filter((res) => res.status === 200)
    expect(shed.length).toBeGreaterThan(0)
    expect(served.length + shed.length).toBe(responses.length)
    // At most one running and two waiting at any moment: most of a simultaneous burst is shed.
    expect(served.length).toBeLessThan(responses.length / 2)
    expect(shed[0]?.headers.get('retry-after')).toBe('1')
    expect(await shed[0]?.json()).toMatchObject({ status: 503, code: 'overloaded' })
    for (const res of served) expect(await res.json()).toMatchObject({ valid: true })
    // Shedding is momentary: once the burst drained, a verify is served again.
    expect((await verify()).status).toBe(200)
  })

  it('puts slow legacy families (sha512-crypt) behind the same gate', async () => {
    const handler = createWorkerHandler(argon2Wasm)
    const env = { ...testEnv, PWGUARD_ARGON2_MAX_QUEUE: '2' }
    const auth = await keyFor('worker-admission-legacy', ['login'])
    const hash = `$6$rounds=20000$saltsalt$${'a'.repeat(86)}`
    const verify = () =>
      handler.fetch(
        new Request(
          'http://pwguard.test/v1/hashes/verify',
          jsonRequest('POST', { hash, password: 'pw' }, auth),
        ),
        env,
      )
    expect((await verify()).status).toBe(200)
    const statuses = (await Promise.all(Array.from({ length: 16 }, verify))).map((r) => r.status)
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0)
    expect(statuses.filter((s) => s === 200).length).toBeLessThan(statuses.length / 2)
  })
})
