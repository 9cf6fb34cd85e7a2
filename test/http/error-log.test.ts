import { afterEach, describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * Logs carry ids, never personal data or secrets: the raw path can hold an e-mail-shaped
 * externalId and an error message can quote a value, so the error log line carries the request
 * id, method, route pattern, status and error class only.
 */
const EMAIL_ID = 'an.patient@example.be'

/** The real hasher, except that hashing fails once armed, quoting the inputs like a bug might. */
function failingHasher(): PasswordHasher & { arm(): void } {
  const real = createNodeArgon2Hasher(TEST_ARGON2)
  let armed = false
  return {
    params: real.params,
    verify: (phc, password) => real.verify(phc, password),
    hash: (password) =>
      armed
        ? Promise.reject(new TypeError(`cannot hash ${password} for ${EMAIL_ID}`))
        : real.hash(password),
    arm: () => void (armed = true),
  }
}

describe('the error log line', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('logs route pattern, method, status and error class, never path or message', async () => {
    const hasher = failingHasher()
    t = createTestApp({ deps: { hasher } })
    const admin = await t.keyFor('clinic', ['admin'])
    const site = await t.keyFor('clinic', ['login'])
    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId: EMAIL_ID, hash: MD5_CRYPT.hash }]),
    })
    hasher.arm()
    const res = await t.app.request(
      `/v1/accounts/${encodeURIComponent(EMAIL_ID)}/password`,
      jsonRequest(
        'POST',
        { currentPassword: MD5_CRYPT.password, newPassword: STRONG_PASSWORD },
        site,
      ),
    )
    expect(res.status).toBe(500)
    const body = await res.json()
    expect(body).toMatchObject({ status: 500, code: 'internal_error' })
    const problem = JSON.stringify(body)
    expect(problem).not.toContain(EMAIL_ID)
    const errors = t.logger.lines.filter((line) => line.includes('"level":"error"'))
    expect(errors).toHaveLength(1)
    const line = errors[0]!
    expect(line).not.toContain('example.be')
    expect(line).not.toContain(STRONG_PASSWORD)
    expect(line).not.toContain('cannot hash')
    const fields = JSON.parse(line) as Record<string, unknown>
    expect(fields).toMatchObject({
      message: 'unhandled error',
      method: 'POST',
      route: '/v1/accounts/:externalId/password',
      status: 500,
      error: 'TypeError',
    })
    expect(fields.requestId).toEqual(expect.any(String))
    expect(fields).not.toHaveProperty('path')
  })
})
