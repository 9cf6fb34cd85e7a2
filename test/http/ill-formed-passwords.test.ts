import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp } from '../support/test-app.js'

/**
 * A lone surrogate encodes as U+FFFD, so two different inputs would hash
 * alike. Every password field refuses it with 400 `password_ill_formed`, before any work.
 * Bodies are written as raw JSON text: `\ud800` is a JSON escape that parses to a lone half.
 */
const LONE = '\\ud800x'
const LONE_LOW = 'abc\\udfff'

describe('ill-formed passwords', () => {
  const t = createTestApp()
  let key: Record<string, string> = {}
  beforeAll(async () => {
    key = await t.keyFor('t1', ['check', 'login', 'admin'])
    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId: 'known', hash: MD5_CRYPT.hash }]),
    })
  })
  afterAll(() => t.close())

  const post = (path: string, json: string) =>
    t.app.request(path, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: json,
    })

  const cases = (bad: string): [string, string][] => [
    ['/v1/passwords/check', `{"password":"${bad}"}`],
    ['/v1/accounts', `{"externalId":"new-1","password":"${bad}"}`],
    ['/v1/login', `{"externalId":"known","password":"${bad}"}`],
    [
      '/v1/accounts/known/password',
      `{"currentPassword":"${bad}","newPassword":"${STRONG_PASSWORD}"}`,
    ],
    [
      '/v1/accounts/known/password',
      `{"currentPassword":"${MD5_CRYPT.password}","newPassword":"${STRONG_PASSWORD}${bad}"}`,
    ],
    ['/v1/hashes/verify', `{"hash":"${MD5_CRYPT.hash}","password":"${bad}"}`],
  ]

  it('refuses a lone surrogate in every password field with 400 password_ill_formed', async () => {
    for (const bad of [LONE, LONE_LOW]) {
      for (const [path, json] of cases(bad)) {
        const res = await post(path, json)
        expect(res.status, `${path} ${json}`).toBe(400)
        const problem = (await res.json()) as { code: string; detail: string }
        expect(problem.code, `${path} ${json}`).toBe('password_ill_formed')
      }
    }
    // Nothing was created or changed: the account still logs in with its old password.
    expect((await t.app.request('/v1/accounts/new-1', { headers: key })).status).toBe(404)
    const login = await post(
      '/v1/login',
      JSON.stringify({ externalId: 'known', password: MD5_CRYPT.password }),
    )
    expect(login.status).toBe(200)
  })

  it('still accepts well-formed astral characters (a valid surrogate pair)', async () => {
    const res = await post(
      '/v1/passwords/check',
      JSON.stringify({ password: '🐉🐉 violet tractor harbour 🐉' }),
    )
    expect(res.status).toBe(200)
  })

  it('rejects an exposure record whose plaintext password is ill-formed, line by line', async () => {
    const created = await post(
      '/v1/incidents',
      JSON.stringify({ name: 'x', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['password'] }),
    )
    const { id } = (await created.json()) as { id: string }
    const res = await t.app.request(`/v1/incidents/${id}/exposures`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/x-ndjson' },
      body: `{"externalId":"known","password":"${LONE}"}\n{"externalId":"known","password":"fine one"}\n`,
    })
    expect(res.status).toBe(200)
    const report = (await res.json()) as {
      records: number
      passwordsAdded: number
      rejected: { line: number; code: string }[]
    }
    expect(report.rejected).toEqual([
      expect.objectContaining({ line: 1, code: 'password_ill_formed' }),
    ])
    expect(report.records).toBe(1)
    expect(report.passwordsAdded).toBe(1)
  })
})
