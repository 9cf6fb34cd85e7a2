import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const PATH = '/v1/passwords/check'

describe('POST /v1/passwords/check: refusals before any work', () => {
  let t: ReturnType<typeof createTestApp>
  let auth: Record<string, string>

  beforeAll(async () => {
    t = createTestApp()
    auth = await t.keyFor('acme', ['check'])
  })
  afterAll(() => t.close())

  const expectProblem = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ status, code })
  }

  it('answers 401 without a key and 403 with a key lacking the check scope', async () => {
    await expectProblem(
      await t.app.request(PATH, jsonRequest('POST', { password: 'x' })),
      401,
      'unauthorized',
    )
    const login = await t.keyFor('acme', ['login'])
    await expectProblem(
      await t.app.request(PATH, jsonRequest('POST', { password: 'x' }, login)),
      403,
      'forbidden',
    )
  })

  it('answers 400 on malformed JSON, wrong types, a missing password or an unknown locale', async () => {
    const send = (body: unknown) => t.app.request(PATH, jsonRequest('POST', body, auth))
    await expectProblem(await send('{"password":'), 400, 'invalid_json')
    await expectProblem(await send({ password: 123 }), 400, 'invalid_body')
    await expectProblem(await send({}), 400, 'invalid_body')
    await expectProblem(await send({ password: '' }), 400, 'invalid_body')
    await expectProblem(await send({ password: 'x', locale: 'es' }), 400, 'invalid_body')
    await expectProblem(
      await send({ password: 'x', context: { names: 'Jan' } }),
      400,
      'invalid_body',
    )
  })

  it('refuses more than 1024 UTF-8 bytes with password_too_long, accepts exactly 1024', async () => {
    const send = (password: string) => t.app.request(PATH, jsonRequest('POST', { password }, auth))
    // 342 × "€" (3 bytes each) = 1026 bytes but only 342 characters.
    await expectProblem(await send('€'.repeat(342)), 400, 'password_too_long')
    const atLimit = await send(`${'€'.repeat(341)}a`)
    expect(atLimit.status).toBe(200)
    expect(await atLimit.json()).toMatchObject({ acceptable: false })
  })

  it('answers 413 on a body over the size limit', async () => {
    const body = JSON.stringify({ password: 'x', context: { username: 'y'.repeat(70 * 1024) } })
    await expectProblem(
      await t.app.request(PATH, jsonRequest('POST', body, auth)),
      413,
      'payload_too_large',
    )
  })

  it('is documented in /openapi.json with request and response schemas', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        { post?: { requestBody?: unknown; responses?: Record<string, unknown> } }
      >
    }
    const operation = doc.paths[PATH]?.post
    expect(operation?.requestBody).toBeDefined()
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413']),
    )
    expect(JSON.stringify(doc)).toContain('PasswordCheckResult')
  })
})
