import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, jsonRequest } from '../support/test-app.js'

describe('GET/PUT /v1/tenant/policy', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>

  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const get = async () => {
    const res = await t.app.request('/v1/tenant/policy', { headers: admin })
    expect(res.status).toBe(200)
    return res.json() as Promise<Record<string, Record<string, unknown>>>
  }
  const put = (body: unknown, headers = admin) =>
    t.app.request('/v1/tenant/policy', jsonRequest('PUT', body, headers))

  it('starts at the service defaults: signup and change block, login require_reset', async () => {
    const view = await get()
    expect(view.effective).toEqual({
      minLength: 15,
      minScore: 3,
      breachThreshold: 1,
      upstreamFail: 'service',
      breachActions: { signup: 'block', passwordChange: 'block', login: 'require_reset' },
      breachDigest: 'off',
    })
    expect(view.overrides?.breachActions).toEqual({
      signup: null,
      passwordChange: null,
      login: null,
    })
  })

  it('sets overrides, keeps absent ones, and null restores the default', async () => {
    let res = await put({
      minLength: 12,
      breachThreshold: 10,
      upstreamFail: 'closed',
      breachActions: { login: 'block', signup: 'notify' },
      breachDigest: 'daily',
    })
    expect(res.status).toBe(200)
    res = await put({ breachActions: { signup: null }, minScore: 2 })
    const view = (await res.json()) as Record<string, Record<string, unknown>>
    expect(view.effective).toMatchObject({
      minLength: 12,
      minScore: 2,
      breachThreshold: 10,
      upstreamFail: 'closed',
      breachActions: { signup: 'block', passwordChange: 'block', login: 'block' },
      breachDigest: 'daily',
    })
    expect(await get()).toEqual(view)
    await put({ minLength: null, breachActions: null })
    expect((await get()).effective).toMatchObject({
      minLength: 15,
      breachActions: { signup: 'block', passwordChange: 'block', login: 'require_reset' },
    })
  })

  it('the minimum length override applies to the check at once', async () => {
    const check = await t.keyFor('clinic', ['check'])
    const password = 'violet-tractor'
    const before = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password }, check),
    )
    expect(((await before.json()) as { acceptable: boolean }).acceptable).toBe(false)
    await put({ minLength: 12, minScore: 0 })
    const after = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password }, check),
    )
    expect(((await after.json()) as { acceptable: boolean }).acceptable).toBe(true)
  })

  it('refuses unknown actions and keys, and non-admin keys', async () => {
    expect((await put({ breachActions: { login: 'ignore' } })).status).toBe(400)
    expect((await put({ colour: 'red' })).status).toBe(400)
    expect((await put({ minLength: 4 })).status).toBe(400)
    const login = await t.keyFor('clinic', ['login'])
    expect((await put({ minLength: 12 }, login)).status).toBe(403)
  })

  it('records the change in the audit log', async () => {
    await put({ breachActions: { login: 'log' } })
    const res = await t.app.request('/v1/audit', { headers: admin })
    const body = JSON.stringify(await res.json())
    expect(body).toContain('tenant.policy_set')
  })
})

describe('OpenAPI document', () => {
  it('describes the policy, the legacy hook and breachAction, with examples', async () => {
    const t = createTestApp()
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
      components: { schemas: Record<string, { example?: unknown; properties?: object }> }
    }
    t.close()
    expect(Object.keys(doc.paths['/v1/tenant/policy'] ?? {}).sort()).toEqual(['get', 'put'])
    expect(Object.keys(doc.paths['/v1/tenant/legacy-verify'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'put',
    ])
    expect(doc.components.schemas.TenantPolicyInput?.example).toBeDefined()
    expect(doc.components.schemas.LegacyVerify?.example).toBeDefined()
    expect(doc.components.schemas.LoginOk?.properties).toHaveProperty('breachAction')
    expect(JSON.stringify(doc.paths['/v1/login'])).toContain('password_breached')
    expect(JSON.stringify(doc.paths['/v1/login'])).toContain('legacy_verify_unavailable')
  })
})
