import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * Parallel guesses must not slip past the limit between check and count, and one address must
 * not escape it by spelling (IPv4-mapped IPv6, one /64 per IPv6 user).
 */
describe('login throttle under attack', () => {
  let t: ReturnType<typeof createTestApp>
  let site: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    site = await t.keyFor('clinic', ['login'])
    const admin = await t.keyFor('clinic', ['admin'])
    const accounts = ['victim', 'bystander'].map((id) => ({ externalId: id, hash: MD5_CRYPT.hash }))
    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(accounts),
    })
  })
  afterEach(() => t.close())

  const post = (body: unknown) => t.app.request('/v1/login', jsonRequest('POST', body, site))

  it('40 concurrent wrong guesses: only the free budget is verified, the rest get 429', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post({ externalId: 'victim', password: `guess ${i}` })),
    )
    const statuses = responses.map((res) => res.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(35)
    // The account is blocked now, even for its real password.
    expect((await post({ externalId: 'victim', password: MD5_CRYPT.password })).status).toBe(429)
  })

  it('concurrent guesses from one address stop at the per-IP budget', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post({ externalId: `user-${i}`, password: 'Summer2024!', client: { ip: '198.51.100.7' } }),
      ),
    )
    expect(responses.filter((res) => res.status === 401)).toHaveLength(20)
    expect(responses.filter((res) => res.status === 429)).toHaveLength(20)
  })

  it('a success gives the address its attempt back', async () => {
    for (let i = 0; i < 19; i++)
      await post({ externalId: `user-${i}`, password: 'x', client: { ip: '192.0.2.1' } })
    const ok = {
      externalId: 'bystander',
      password: MD5_CRYPT.password,
      client: { ip: '192.0.2.1' },
    }
    expect((await post(ok)).status).toBe(200)
    expect((await post(ok)).status).toBe(200)
  })

  it('other spellings of a blocked address are the same address', async () => {
    for (let i = 0; i < 20; i++)
      await post({ externalId: `user-${i}`, password: 'x', client: { ip: '203.0.113.9' } })
    for (const ip of [
      '203.0.113.9',
      '::ffff:203.0.113.9',
      '::FFFF:CB00:7109',
      '0:0:0:0:0:ffff:203.0.113.9',
    ]) {
      const res = await post({
        externalId: 'bystander',
        password: MD5_CRYPT.password,
        client: { ip },
      })
      expect(res.status, ip).toBe(429)
    }
  })

  it('IPv6 is throttled per /64', async () => {
    for (let i = 0; i < 20; i++) {
      const ip = `2001:db8:1:2:${i.toString(16)}::1`
      await post({ externalId: `user-${i}`, password: 'x', client: { ip } })
    }
    const same64 = { externalId: 'bystander', password: MD5_CRYPT.password }
    expect((await post({ ...same64, client: { ip: '2001:db8:1:2:ffff::9' } })).status).toBe(429)
    expect((await post({ ...same64, client: { ip: '2001:db8:1:3::9' } })).status).toBe(200)
  })

  it('refuses an address that does not parse with 400, before any work', async () => {
    for (const ip of ['203.0.113.09', '1.2.3.4.5', '2001:db8::1::2', '::g']) {
      const res = await post({ externalId: 'victim', password: 'x', client: { ip } })
      expect(res.status, ip).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('invalid_body')
    }
  })
})
