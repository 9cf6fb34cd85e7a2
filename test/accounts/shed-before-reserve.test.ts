import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { createBoundedHasher } from '../../src/hashing/bounded-password-hasher.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'

describe('a shed login costs no throttle write', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('503s beyond the hashing queue before reserving; admitted logins still reserve', async () => {
    const inner = createNodeArgon2Hasher(TEST_ARGON2)
    let open: () => void = () => {}
    let held = Promise.resolve()
    // Verifies wait at a gate, so the queue stays full while the shed logins arrive.
    const gated: PasswordHasher = {
      params: inner.params,
      hash: inner.hash,
      verify: async (phc, password) => (await held, inner.verify(phc, password)),
    }
    const hasher = createBoundedHasher(gated, { maxConcurrent: 1, maxQueued: 1 })
    t = createTestApp({ deps: { hasher } })
    const key = await t.keyFor('clinic', ['login'])
    for (let i = 0; i < 8; i++) {
      const body = { externalId: `a${i}`, password: STRONG_PASSWORD }
      await t.app.request('/v1/accounts', jsonRequest('POST', body, key))
    }
    held = new Promise((resolve) => (open = resolve))
    const login = (i: number) =>
      t.app.request(
        '/v1/login',
        jsonRequest(
          'POST',
          { externalId: `a${i}`, password: 'wrong-password', client: { ip: '203.0.113.7' } },
          key,
        ),
      )
    const admitted = [login(0), login(1)]
    // Let both reach the hasher (one running, one queued) before the flood arrives.
    while (hasher.stats().running + hasher.stats().queued < 2)
      await new Promise((r) => setTimeout(r, 5))
    const shed = await Promise.all([2, 3, 4, 5, 6, 7].map(login))
    expect(shed.map((res) => res.status)).toEqual([503, 503, 503, 503, 503, 503])
    const subjects = await t.driver.db.all<{ subject: string; failures: number }>(
      sql`SELECT subject, failures FROM login_throttle ORDER BY subject`,
    )
    // Only the two admitted attempts were counted: per account, and twice on the address.
    expect(subjects).toEqual([
      { subject: 'account:a0', failures: 1 },
      { subject: 'account:a1', failures: 1 },
      { subject: 'ip:203.0.113.7', failures: 2 },
    ])
    open()
    expect((await Promise.all(admitted)).map((res) => res.status)).toEqual([401, 401])
    expect(hasher.stats().rejected).toBe(6)
  })
})
