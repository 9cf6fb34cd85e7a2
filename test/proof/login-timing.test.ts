import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/node-argon2-hasher.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * Account enumeration by timing: a wrong password for a real account and any password for an
 * unknown one must cost the same. Medians over 200 interleaved tries each, production argon2
 * parameters, one failure per account so throttling never kicks in.
 */
const TRIES = Number(process.env.PWGUARD_TIMING_TRIES ?? 200)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

describe('login timing', () => {
  let t: ReturnType<typeof createTestApp>
  let key: Record<string, string>
  beforeAll(async () => {
    t = createTestApp({ deps: { hasher: createNodeArgon2Hasher(OWASP_ARGON2ID) } })
    key = await t.keyFor('clinic', ['login'])
    const batch = 8
    for (let i = 0; i < TRIES; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, TRIES - i) }, (_, j) =>
          t.app.request(
            '/v1/accounts',
            jsonRequest('POST', { externalId: `known-${i + j}`, password: STRONG_PASSWORD }, key),
          ),
        ),
      )
    }
  }, 300_000)
  afterAll(() => t.close())

  it(`unknown vs known account medians within 5 % over ${TRIES} tries each`, async () => {
    const time = async (externalId: string) => {
      const started = performance.now()
      const res = await t.app.request(
        '/v1/login',
        jsonRequest('POST', { externalId, password: 'wrong password 123' }, key),
      )
      const elapsed = performance.now() - started
      expect(res.status).toBe(401)
      return elapsed
    }
    await time('warm-up-unknown')
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < TRIES; i++) {
      // Interleaved, order alternating, so machine noise lands on both sides alike.
      if (i % 2 === 0) {
        known.push(await time(`known-${i}`))
        unknown.push(await time(`unknown-${i}`))
      } else {
        unknown.push(await time(`unknown-${i}`))
        known.push(await time(`known-${i}`))
      }
    }
    const ratio = median(unknown) / median(known)
    console.log(
      JSON.stringify({
        figure: 'login_timing',
        knownMedianMs: median(known),
        unknownMedianMs: median(unknown),
        ratio,
      }),
    )
    expect(Math.abs(ratio - 1)).toBeLessThan(0.05)
  }, 300_000)
})
