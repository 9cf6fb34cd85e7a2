import { afterEach, describe, expect, it } from 'vitest'
import { createBoundedHasher } from '../../src/hashing/bounded-password-hasher.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'

describe('argon2 admission control', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('sheds logins beyond capacity with 503 + Retry-After instead of queueing without bound', async () => {
    const inner = createNodeArgon2Hasher(TEST_ARGON2)
    // Slow enough that every request below overlaps.
    const slow: PasswordHasher = {
      params: inner.params,
      hash: inner.hash,
      verify: async (phc, password) => {
        await new Promise((resolve) => setTimeout(resolve, 100))
        return inner.verify(phc, password)
      },
    }
    const hasher = createBoundedHasher(slow, { maxConcurrent: 1, maxQueued: 2 })
    t = createTestApp({ deps: { hasher } })
    const key = await t.keyFor('clinic', ['login'])
    // Eight accounts: concurrent attempts on one account count against its throttle budget.
    for (let i = 0; i < 8; i++) {
      await t.app.request(
        '/v1/accounts',
        jsonRequest('POST', { externalId: `a${i}`, password: STRONG_PASSWORD }, key),
      )
    }
    const responses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) =>
        t.app.request(
          '/v1/login',
          jsonRequest('POST', { externalId: `a${i}`, password: STRONG_PASSWORD }, key),
        ),
      ),
    )
    const statuses = responses.map((res) => res.status).sort()
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    expect(statuses.filter((s) => s === 503)).toHaveLength(5)
    const shed = responses.find((res) => res.status === 503)!
    expect(shed.headers.get('retry-after')).toBe('1')
    expect(shed.headers.get('content-type')).toBe('application/problem+json')
    expect(((await shed.json()) as { code: string }).code).toBe('overloaded')
    expect(hasher.stats()).toMatchObject({ running: 0, queued: 0, rejected: 5 })
  })
})
