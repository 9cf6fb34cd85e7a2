import { afterEach, describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { runWrapJob } from '../../src/migration/wrap-job.js'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'
import { importThroughApi } from './migration-support.js'

/** A real argon2 hasher whose `hash` waits at a gate, to pin down an interleaving. */
function gatedHasher() {
  const real = createNodeArgon2Hasher(TEST_ARGON2)
  let open!: () => void
  let entered!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  const waiting = new Promise<void>((resolve) => (entered = resolve))
  const hasher: PasswordHasher = {
    params: real.params,
    verify: real.verify,
    hash: async (input) => {
      entered()
      await gate
      return real.hash(input)
    },
  }
  return { hasher, waiting, open }
}

describe('a login racing the migration on the same account', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  const setup = async (hasher?: PasswordHasher) => {
    t = createTestApp(hasher ? { deps: { hasher } } : {})
    const admin = await t.keyFor('clinic', ['admin'])
    const login = await t.keyFor('clinic', ['login'])
    await importThroughApi(t, admin, [{ externalId: 'p-1', hash: MD5_CRYPT.hash }])
    const signIn = async () => {
      const body = { externalId: 'p-1', password: MD5_CRYPT.password }
      const res = await t.app.request('/v1/login', jsonRequest('POST', body, login))
      expect(res.status).toBe(200)
      return (await res.json()) as { ok: boolean; rehashed: boolean }
    }
    const scheme = async () =>
      (
        (await (await t.app.request('/v1/accounts/p-1', { headers: admin })).json()) as {
          scheme: string
        }
      ).scheme
    return { signIn, scheme }
  }
  const job = (hasher: PasswordHasher) =>
    runWrapJob(
      { wrap: t.deps.stores.wrap, hasher, now: () => t.clock.now() },
      { tenantIds: ['clinic'], batchSize: 10, concurrency: 1, dryRun: false },
    )

  it('login upgrades while the wrap is hashing: the wrap CAS misses and counts as raced', async () => {
    const { signIn, scheme } = await setup()
    const gated = gatedHasher()
    const running = job(gated.hasher)
    await gated.waiting
    expect(await signIn()).toEqual(expect.objectContaining({ ok: true, rehashed: true }))
    gated.open()
    const report = await running
    expect(report.totals).toMatchObject({ toWrap: 1, wrapped: 0, raced: 1 })
    expect(await scheme()).toBe('argon2id')
    expect(await signIn()).toEqual(expect.objectContaining({ ok: true, rehashed: false }))
  })

  it('wrap commits while the login is upgrading: the login CAS misses, the next login upgrades', async () => {
    const gated = gatedHasher()
    const { signIn, scheme } = await setup(gated.hasher)
    const first = signIn()
    await gated.waiting
    const report = await job(createNodeArgon2Hasher(TEST_ARGON2))
    expect(report.totals).toMatchObject({ wrapped: 1, raced: 0 })
    gated.open()
    expect(await first).toEqual(expect.objectContaining({ ok: true, rehashed: false }))
    expect(await scheme()).toBe('wrapped:md5_crypt')
    expect(await signIn()).toEqual(expect.objectContaining({ ok: true, rehashed: true }))
    expect(await scheme()).toBe('argon2id')
  })
})
