import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROBLEM_CATALOG, PROBLEM_CODES } from '../../src/http/problem-catalog.js'
import { ProblemError, problemTypeUri } from '../../src/http/problem.js'
import { STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

interface ProblemBody {
  type: string
  status: number
  code: string
}

describe('problem types', () => {
  let t: ReturnType<typeof createTestApp>
  let page: string
  let admin: Record<string, string>
  let login: Record<string, string>

  beforeAll(async () => {
    t = createTestApp()
    admin = await t.keyFor('tenant-a', ['admin'])
    login = await t.keyFor('tenant-a', ['login'])
    page = await (await t.app.request('/problems')).text()
  })
  afterAll(() => t.close())

  it('serves GET /problems as a self-contained page, declared in the OpenAPI document', async () => {
    const res = await t.app.request('/problems')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(page).not.toMatch(/<script|https?:\/\//)
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>
      components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } }
    }
    expect(Object.keys(doc.paths)).toContain('/problems')
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(PROBLEM_CODES)
  })

  it('has one anchor per code in the union, with its status', () => {
    for (const code of PROBLEM_CODES) {
      const row = new RegExp(`<tr id="${code}"><td>.*?</td><td>(\\d{3})</td>`).exec(page)
      expect(row, code).not.toBeNull()
      expect(Number(row![1]), code).toBe(PROBLEM_CATALOG[code].status)
    }
    expect(page.match(/<tr id="/g)).toHaveLength(PROBLEM_CODES.length)
  })

  it('points every type at the code on that page', () => {
    expect(problemTypeUri('account_exists')).toBe('/problems#account_exists')
    const problem = new ProblemError({ status: 409, code: 'account_exists', title: 'Exists' })
    expect(problem.toProblem().type).toBe('/problems#account_exists')
  })

  it('refuses an unknown code at compile time', () => {
    // @ts-expect-error -- a code with no entry in the catalogue does not typecheck.
    const make = () => new ProblemError({ status: 400, code: 'no_such_code', title: 'x' })
    expect(make).not.toThrow()
  })

  it('answers a sample of failures with listed codes whose type and status match the page', async () => {
    const password = STRONG_PASSWORD
    await t.app.request('/v1/accounts', jsonRequest('POST', { externalId: 'p-1', password }, login))
    const longPassword = 'x'.repeat(1025)
    const asJson = { accept: 'application/problem+json' }
    const sample: Array<[string, RequestInit?]> = [
      ['/nope'],
      ['/v1/accounts/p-1'],
      ['/v1/accounts/p-1', { headers: login }],
      ['/v1/accounts/p-1', { method: 'POST', headers: login }],
      ['/v1/passwords/check', jsonRequest('POST', '{"password":', admin)],
      ['/v1/accounts', jsonRequest('POST', {}, login)],
      ['/v1/accounts', jsonRequest('POST', { externalId: 'p-2', password: longPassword }, login)],
      ['/v1/accounts', jsonRequest('POST', { externalId: 'p-1', password }, login)],
      ['/v1/accounts', jsonRequest('POST', { externalId: 'p-3', password: 'password' }, login)],
      ['/v1/incidents?cursor=nope', { headers: admin }],
      ['/v1/hashes/verify', jsonRequest('POST', { hash: '?', password }, login)],
      ['/range/XYZ', { headers: asJson }],
      ['/range/ABCDE', { method: 'DELETE', headers: asJson }],
      ['/v1/accounts/import', { method: 'POST', body: 'x', headers: admin }],
    ]
    const seen = new Set<string>()
    for (const [path, init] of sample) {
      const res = await t.app.request(path, init)
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/)
      const body = (await res.json()) as ProblemBody
      expect(PROBLEM_CODES, path).toContain(body.code)
      const code = body.code as keyof typeof PROBLEM_CATALOG
      expect(body.type, path).toBe(`/problems#${code}`)
      expect([res.status, body.status], path).toEqual([PROBLEM_CATALOG[code].status, res.status])
      expect(page, path).toContain(`id="${code}"`)
      seen.add(code)
    }
    // The sample spans the kinds of failure, not one code many times.
    expect(seen.size).toBeGreaterThanOrEqual(10)
  })
})
