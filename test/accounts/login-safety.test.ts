import { afterEach, describe, expect, it } from 'vitest'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'

/** Counts argon2 work, so "same work for unknown and wrong" is asserted, not timed. */
function countingHasher(inner: PasswordHasher) {
  const counts = { hash: 0, verify: 0 }
  const hasher: PasswordHasher = {
    params: inner.params,
    hash: (password) => (counts.hash++, inner.hash(password)),
    verify: (phc, password) => (counts.verify++, inner.verify(phc, password)),
  }
  return { hasher, counts }
}

describe('login safety', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  async function setup(hasher?: PasswordHasher) {
    t = createTestApp(hasher ? { deps: { hasher } } : {})
    const login = await t.keyFor('clinic', ['login'])
    const admin = await t.keyFor('clinic', ['admin'])
    const post = (body: unknown) => t.app.request('/v1/login', jsonRequest('POST', body, login))
    const importHashes = (records: unknown[]) =>
      t.app.request('/v1/accounts/import', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/x-ndjson' },
        body: ndjson(records),
      })
    return { login, admin, post, importHashes }
  }

  it('spends one argon2 verify on an unknown account, as on a wrong password', async () => {
    const { hasher, counts } = countingHasher(createNodeArgon2Hasher(TEST_ARGON2))
    const { post, login } = await setup(hasher)
    await t.app.request(
      '/v1/accounts',
      jsonRequest('POST', { externalId: 'known', password: STRONG_PASSWORD }, login),
    )
    await post({ externalId: 'nobody', password: 'warm-up' }) // makes the dummy hash once
    counts.verify = 0
    await post({ externalId: 'known', password: 'wrong password' })
    const forWrong = counts.verify
    counts.verify = 0
    await post({ externalId: 'nobody', password: 'wrong password' })
    expect(forWrong).toBe(1)
    expect(counts.verify).toBe(1)
  })

  it('adds the dummy argon2 verify when a fast legacy hash fails', async () => {
    const { hasher, counts } = countingHasher(createNodeArgon2Hasher(TEST_ARGON2))
    const { post, importHashes } = await setup(hasher)
    await importHashes([{ externalId: 'legacy', hash: MD5_CRYPT.hash }])
    await post({ externalId: 'nobody', password: 'warm-up' })
    counts.verify = 0
    await post({ externalId: 'legacy', password: 'wrong password' })
    expect(counts.verify).toBe(1)
  })

  it('throttles an account after 5 failures with exponential backoff and Retry-After', async () => {
    const { post, importHashes } = await setup()
    await importHashes([{ externalId: 'victim', hash: MD5_CRYPT.hash }])
    for (let i = 0; i < 5; i++)
      expect((await post({ externalId: 'victim', password: `guess ${i}` })).status).toBe(401)
    const blocked = await post({ externalId: 'victim', password: MD5_CRYPT.password })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('1')
    expect(((await blocked.json()) as { code: string }).code).toBe('throttled')
    t.clock.advance(1_000)
    expect((await post({ externalId: 'victim', password: 'guess 6' })).status).toBe(401)
    const longer = await post({ externalId: 'victim', password: 'guess 7' })
    expect(longer.status).toBe(429)
    expect(longer.headers.get('retry-after')).toBe('2')
    t.clock.advance(2_000)
    // Success clears the counter.
    expect((await post({ externalId: 'victim', password: MD5_CRYPT.password })).status).toBe(200)
    expect((await post({ externalId: 'victim', password: 'guess 8' })).status).toBe(401)
    expect((await post({ externalId: 'victim', password: 'guess 9' })).status).toBe(401)
  })

  it('throttles unknown identifiers the same way (no enumeration through 429s)', async () => {
    const { post } = await setup()
    for (let i = 0; i < 5; i++) await post({ externalId: 'ghost', password: `guess ${i}` })
    expect((await post({ externalId: 'ghost', password: 'again' })).status).toBe(429)
  })

  it('stops an account for good at 100 consecutive failures (NIST)', async () => {
    const { post, importHashes } = await setup()
    await importHashes([{ externalId: 'target', hash: MD5_CRYPT.hash }])
    for (let i = 0; i < 100; i++) {
      t.clock.advance(16 * 60_000) // past the longest backoff
      const res = await post({
        externalId: 'target',
        password: `guess ${i}`,
        client: { ip: `10.0.${i}.1` },
      })
      expect(res.status).toBe(401)
    }
    t.clock.advance(24 * 60 * 60_000 - 1)
    const res = await post({ externalId: 'target', password: MD5_CRYPT.password })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(30 * 24 * 3600)
  })

  it('throttles one end-user IP spraying many accounts, not other IPs', async () => {
    const { post, importHashes } = await setup()
    await importHashes([{ externalId: 'bystander', hash: MD5_CRYPT.hash }])
    for (let i = 0; i < 20; i++) {
      expect(
        (
          await post({
            externalId: `user-${i}`,
            password: 'Summer2024!',
            client: { ip: '198.51.100.7' },
          })
        ).status,
      ).toBe(401)
    }
    const sprayed = await post({
      externalId: 'bystander',
      password: MD5_CRYPT.password,
      client: { ip: '198.51.100.7' },
    })
    expect(sprayed.status).toBe(429)
    const other = await post({
      externalId: 'bystander',
      password: MD5_CRYPT.password,
      client: { ip: '203.0.113.9' },
    })
    expect(other.status).toBe(200)
  })

  it('two concurrent logins on one legacy account upgrade it exactly once (CAS)', async () => {
    const { post, importHashes, admin } = await setup()
    await importHashes([{ externalId: 'race', hash: MD5_CRYPT.hash }])
    const results = (await Promise.all(
      Array.from({ length: 4 }, async () =>
        (await post({ externalId: 'race', password: MD5_CRYPT.password })).json(),
      ),
    )) as { ok: boolean; rehashed: boolean }[]
    expect(results.every((r) => r.ok)).toBe(true)
    expect(results.filter((r) => r.rehashed)).toHaveLength(1)
    const view = (await (await t.app.request('/v1/accounts/race', { headers: admin })).json()) as {
      scheme: string
    }
    expect(view.scheme).toBe('argon2id')
    expect(
      (
        (await (await post({ externalId: 'race', password: MD5_CRYPT.password })).json()) as {
          ok: boolean
        }
      ).ok,
    ).toBe(true)
  })

  it('a login upgrade never overwrites a password changed meanwhile', async () => {
    // The login's argon2 hash waits on a gate; the password change lands first.
    const inner = createNodeArgon2Hasher(TEST_ARGON2)
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let gated = true
    const hasher: PasswordHasher = {
      params: inner.params,
      verify: inner.verify,
      hash: async (password) => {
        if (gated) {
          gated = false
          await gate
        }
        return inner.hash(password)
      },
    }
    const { post, importHashes, login } = await setup(hasher)
    await importHashes([{ externalId: 'p', hash: MD5_CRYPT.hash }])
    const pendingLogin = post({ externalId: 'p', password: MD5_CRYPT.password })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const change = await t.app.request(
      '/v1/accounts/p/password',
      jsonRequest(
        'POST',
        { currentPassword: MD5_CRYPT.password, newPassword: STRONG_PASSWORD },
        login,
      ),
    )
    expect(change.status).toBe(204)
    release()
    expect(await (await pendingLogin).json()).toMatchObject({ ok: true, rehashed: false })
    expect((await post({ externalId: 'p', password: STRONG_PASSWORD })).status).toBe(200)
    expect((await post({ externalId: 'p', password: MD5_CRYPT.password })).status).toBe(401)
  })
})
