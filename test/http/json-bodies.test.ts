import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { createIncident, importAccounts } from '../support/admin-requests.js'

/**
 * A missing body must not be read as an empty object that writes defaults: every route that
 * takes a JSON body, found in the OpenAPI document, is posted without a body and with a body of another type; each refuses with a stable code and
 * nothing in the database changes.
 */
interface Operation {
  requestBody?: { required?: boolean; content: Record<string, unknown> }
}
type Document = { paths: Record<string, Record<string, Operation>> }

describe('JSON body routes refuse a missing body', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pwguard-bodies-')), 'pwguard.db')
  const t = createTestApp({ dbFile: file })
  let key: Record<string, string> = {}
  let incidentId = ''
  let routes: { method: string; path: string; operation: Operation }[] = []

  beforeAll(async () => {
    key = await t.keyFor('t1', ['check', 'login', 'admin'])
    await importAccounts(t, key, [{ externalId: 'known', hash: MD5_CRYPT.hash }])
    incidentId = await createIncident(t, key, { name: 'x', dataClasses: ['email'] })
    const notified = await t.app.request(
      `/v1/incidents/${incidentId}/notified`,
      jsonRequest('POST', { at: '2026-01-02T00:00:00Z' }, key),
    )
    expect(notified.status).toBe(200)
    const document = (await (await t.app.request('/openapi.json')).json()) as Document
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody?.content['application/json'])
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    )
  })
  afterAll(() => t.close())

  const concrete = (path: string) =>
    path.replace('{id}', incidentId).replace('{externalId}', 'known')

  /** Every row of every table, to prove a refused request wrote nothing. */
  const snapshot = () => {
    const sqlite = new Database(file, { readonly: true })
    try {
      const tables = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all() as { name: string }[]
      return tables.map(({ name }) => [name, sqlite.prepare(`SELECT * FROM "${name}"`).all()])
    } finally {
      sqlite.close()
    }
  }

  it('finds the JSON body routes and declares each body required', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12)
    for (const { method, path, operation } of routes) {
      expect(operation.requestBody?.required, `${method} ${path}`).toBe(true)
    }
  })

  it('answers a missing body 400 body_required and writes nothing', async () => {
    const before = snapshot()
    for (const { method, path } of routes) {
      const res = await t.app.request(concrete(path), { method, headers: key })
      const where = `${method} ${path}`
      expect(res.status, where).toBe(400)
      expect(res.headers.get('content-type'), where).toBe('application/problem+json')
      expect(((await res.json()) as { code: string }).code, where).toBe('body_required')
    }
    expect(snapshot()).toEqual(before)
  })

  it('answers an empty body sent as application/json 400 body_required too', async () => {
    const before = snapshot()
    for (const { method, path } of routes) {
      const res = await t.app.request(concrete(path), {
        method,
        headers: { ...key, 'content-type': 'application/json' },
        body: '',
      })
      const where = `${method} ${path}`
      expect(res.status, where).toBe(400)
      expect(((await res.json()) as { code: string }).code, where).toBe('body_required')
    }
    // Broken JSON is still invalid_json.
    const broken = await t.app.request('/v1/passwords/check', {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: '{"pass',
    })
    expect(((await broken.json()) as { code: string }).code).toBe('invalid_json')
    expect(snapshot()).toEqual(before)
  })

  it('answers a body of another media type 415 unsupported_media_type and writes nothing', async () => {
    const before = snapshot()
    for (const { method, path } of routes) {
      const res = await t.app.request(concrete(path), {
        method,
        headers: { ...key, 'content-type': 'text/plain' },
        body: '{}',
      })
      const where = `${method} ${path}`
      expect(res.status, where).toBe(415)
      expect(((await res.json()) as { code: string }).code, where).toBe('unsupported_media_type')
    }
    expect(snapshot()).toEqual(before)
  })

  it('keeps the recorded notification when /notified arrives without a body', async () => {
    const res = await t.app.request(`/v1/incidents/${incidentId}/notified`, {
      method: 'POST',
      headers: key,
    })
    expect(res.status).toBe(400)
    const incident = await t.app.request(`/v1/incidents/${incidentId}`, { headers: key })
    const view = (await incident.json()) as { authorityNotifiedAt: string | null }
    expect(view.authorityNotifiedAt).toBe('2026-01-02T00:00:00.000Z')
  })
})
