import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPwguardClient, PwguardApiError } from 'pwguard/client'
import type { PwguardClient } from 'pwguard/client'
import { CLIENT_TYPES_FILE, clientTypesSource } from '../../scripts/client/client-types-source.js'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { createTestApp } from '../support/test-app.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const STRONG = 'kompas marmot orage tulp'

let app: ReturnType<typeof createTestApp>
let client: PwguardClient

beforeEach(async () => {
  app = createTestApp({
    corpus: createMemoryCorpus([{ sha1: sha1('Wachtkamer2017!'), count: 42 }]),
  })
  const headers = await app.keyFor('booking', ['check', 'login'])
  client = createPwguardClient({
    baseUrl: 'http://pwguard.test',
    apiKey: String(headers.authorization).slice('Bearer '.length),
    fetch: (input) => Promise.resolve(app.app.request(input as Request)),
  })
})
afterEach(() => {
  vi.unstubAllEnvs()
  app.close()
})

describe('src/client/generated/pwguard-api.ts', () => {
  it('is what openapi-typescript makes of the current OpenAPI document', async () => {
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(await clientTypesSource())
  }, 60_000)
})

describe('pwguard/client', () => {
  it('checks, creates, logs in, changes the password and verifies a legacy hash', async () => {
    const check = await client.checkPassword({ password: 'Wachtkamer2017!', locale: 'nl' })
    expect(check.breach).toEqual({ breached: true, count: 42 })
    expect(check.violations.map((violation) => violation.code)).toContain('breached')

    const refused = await client.createAccount({ externalId: 'p-1', password: 'Wachtkamer2017!' })
    expect(refused).toMatchObject({
      ok: false,
      status: 422,
      problem: { code: 'password_rejected' },
    })
    const created = await client.createAccount({
      externalId: 'p-1',
      email: 'an@example.be',
      password: STRONG,
    })
    expect(created).toMatchObject({ ok: true, account: { externalId: 'p-1' } })

    expect(await client.login({ email: 'an@example.be', password: 'wrong' })).toEqual({ ok: false })
    expect(await client.login({ externalId: 'p-1', password: STRONG })).toMatchObject({
      ok: true,
      externalId: 'p-1',
    })

    const wrong = await client.changePassword('p-1', {
      currentPassword: 'nope',
      newPassword: `${STRONG}!`,
    })
    expect(wrong).toMatchObject({ ok: false, status: 401 })
    expect(
      await client.changePassword('p-1', {
        currentPassword: STRONG,
        newPassword: `${STRONG} vlinder`,
      }),
    ).toEqual({ ok: true })

    const verified = await client.verifyHash({
      hash: sha1('legacy-secret'),
      password: 'legacy-secret',
      hint: { algorithm: 'sha1' },
    })
    expect(verified).toMatchObject({ valid: true, needsRehash: true })
  }, 60_000)

  it('throws PwguardApiError with the problem for a bad key', async () => {
    const stranger = createPwguardClient({
      baseUrl: 'http://pwguard.test',
      apiKey: 'pwg_not-a-key',
      fetch: (input) => Promise.resolve(app.app.request(input as Request)),
    })
    const failure = await stranger
      .checkPassword({ password: STRONG })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(PwguardApiError)
    expect(failure).toMatchObject({ status: 401 })
  })
})

describe('the README integration example', () => {
  it('is in the README verbatim and signs up and logs in through the client', async () => {
    const example = readFileSync(new URL('./signup-handler-example.ts', import.meta.url), 'utf8')
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const body = example.split('\n').slice(1).join('\n') // the first line points back here
    expect(readme).toContain(body.trim())

    const headers = await app.keyFor('booking', ['check', 'login'])
    vi.stubEnv('PWGUARD_KEY', String(headers.authorization).slice('Bearer '.length))
    vi.stubGlobal('fetch', (input: Request) => Promise.resolve(app.app.request(input)))
    vi.resetModules()
    const { signup, login } = await import('./signup-handler-example.js')
    const form = { patientId: 'p-2', email: 'jan@example.be', password: 'password' }
    const refused = await signup(form)
    expect(refused.status).toBe(422)
    expect(await signup({ ...form, password: STRONG })).toEqual({
      status: 201,
      body: { id: 'p-2' },
    })
    expect(await login({ email: form.email, password: STRONG }, '203.0.113.7')).toMatchObject({
      status: 200,
      body: { id: 'p-2', mustReset: false },
    })
    expect((await login({ email: form.email, password: 'x' }, '203.0.113.7')).status).toBe(401)
    vi.unstubAllGlobals()
  }, 60_000)
})
