import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'

/** The problem codes the README documents, each through the route that produces it. */
describe('documented problem codes over HTTP', () => {
  let t: ReturnType<typeof createTestApp>
  let login: Record<string, string>
  let admin: Record<string, string>
  /** Runs once, just before the next argon2 hash: the moment a change lands "meanwhile". */
  let beforeNextHash: (() => Promise<void>) | null = null

  beforeEach(async () => {
    const real = createNodeArgon2Hasher(TEST_ARGON2)
    const hasher: PasswordHasher = {
      params: real.params,
      hash: async (password, owner) => {
        const hook = beforeNextHash
        beforeNextHash = null
        if (hook) await hook()
        return real.hash(password, owner)
      },
      verify: (phc, password, owner) => real.verify(phc, password, owner),
    }
    t = createTestApp({ deps: { hasher } })
    login = await t.keyFor('clinic', ['login'])
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const createAccount = (body: object) =>
    t.app.request('/v1/accounts', jsonRequest('POST', body, login))

  const changePassword = (externalId: string, currentPassword: string, newPassword: string) =>
    t.app.request(
      `/v1/accounts/${externalId}/password`,
      jsonRequest('POST', { currentPassword, newPassword }, login),
    )

  it('answers 409 account_exists for a taken externalId and for a taken e-mail', async () => {
    const first = { externalId: 'patient-1', email: 'an@example.be', password: STRONG_PASSWORD }
    expect((await createAccount(first)).status).toBe(201)

    const sameId = await createAccount({ ...first, email: 'other@example.be' })
    expect(sameId.status).toBe(409)
    expect(await sameId.json()).toMatchObject({ code: 'account_exists', status: 409 })

    // The blind index is over the normalized address, so case does not make a new account.
    const sameEmail = await createAccount({
      ...first,
      externalId: 'patient-2',
      email: 'AN@example.be',
    })
    expect(sameEmail.status).toBe(409)
    expect(await sameEmail.json()).toMatchObject({ code: 'account_exists' })

    const account = await t.app.request('/v1/accounts/patient-2', { headers: admin })
    expect(account.status).toBe(404)
  })

  it('answers 409 concurrent_change when the password changed while the request ran', async () => {
    const created = await createAccount({ externalId: 'patient-1', password: STRONG_PASSWORD })
    expect(created.status).toBe(201)
    const winner = 'amber-lantern-orchard-slowly-93'
    const loser = 'cobalt-meadow-ferry-gently-58'
    let winnerStatus = 0
    // The loser has verified the current password; the winner's change lands before it writes.
    beforeNextHash = async () => {
      winnerStatus = (await changePassword('patient-1', STRONG_PASSWORD, winner)).status
    }

    const res = await changePassword('patient-1', STRONG_PASSWORD, loser)

    expect(winnerStatus).toBe(204)
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'concurrent_change', status: 409 })
    // The winner's password holds; the loser's was never written.
    const check = (password: string) =>
      t.app.request('/v1/login', jsonRequest('POST', { externalId: 'patient-1', password }, login))
    expect((await check(winner)).status).toBe(200)
    expect((await check(loser)).status).toBe(401)
  })

  it('answers 400 invalid_cursor for a cursor no page handed out, and follows a real one', async () => {
    for (const name of ['first leak', 'second leak']) {
      const body = { name, detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['email'] }
      expect((await t.app.request('/v1/incidents', jsonRequest('POST', body, admin))).status).toBe(
        201,
      )
    }
    const first = await t.app.request('/v1/incidents?limit=1', { headers: admin })
    const { nextCursor } = (await first.json()) as { nextCursor: string }
    const second = await t.app.request(`/v1/incidents?limit=1&cursor=${nextCursor}`, {
      headers: admin,
    })
    expect(second.status).toBe(200)
    expect((await second.json()) as { incidents: unknown[] }).toMatchObject({ nextCursor: null })

    for (const cursor of ['!!!', btoa('not-a-cursor')]) {
      const res = await t.app.request(`/v1/incidents?cursor=${encodeURIComponent(cursor)}`, {
        headers: admin,
      })
      expect(res.status, cursor).toBe(400)
      expect(await res.json()).toMatchObject({
        code: 'invalid_cursor',
        type: '/problems#invalid_cursor',
      })
    }
  })

  it('answers 400 invalid_query and invalid_parameter naming the field the schema refused', async () => {
    const badQuery = await t.app.request('/v1/incidents?limit=0', { headers: admin })
    expect(badQuery.status).toBe(400)
    expect(await badQuery.json()).toMatchObject({
      code: 'invalid_query',
      issues: [{ path: 'limit' }],
    })
    const badFormat = await t.app.request('/v1/incidents/inc_1/report?format=pdf', {
      headers: admin,
    })
    expect(await badFormat.json()).toMatchObject({
      code: 'invalid_query',
      issues: [{ path: 'format' }],
    })

    const badId = await t.app.request(`/v1/incidents/${encodeURIComponent('a b')}`, {
      headers: admin,
    })
    expect(badId.status).toBe(400)
    expect(await badId.json()).toMatchObject({
      code: 'invalid_parameter',
      type: '/problems#invalid_parameter',
      issues: [{ path: 'id' }],
    })
  })
})
