import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendAudit } from '../../src/audit/append-audit.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

interface AuditPage {
  entries: { seq: number; action: string; actor: string; details: Record<string, unknown> }[]
  next: number | null
}

describe('GET /v1/audit', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const page = async (query: string, headers = admin) => {
    const res = await t.app.request(`/v1/audit${query}`, { headers })
    expect(res.status).toBe(200)
    return (await res.json()) as AuditPage
  }

  it("lists only the caller's tenant, in seq order, with paging", async () => {
    for (let i = 0; i < 5; i++) {
      await appendAudit(t.deps, { tenantId: 'clinic', actor: 'cli', action: `a.${i}`, at: i })
      await appendAudit(t.deps, { tenantId: 'other', actor: 'cli', action: `b.${i}`, at: i })
    }
    const first = await page('?limit=2')
    expect(first.entries.map((e) => e.action)).toEqual(['a.0', 'a.1'])
    expect(first.next).toBe(2)
    const rest = await page(`?after=${first.next}&limit=10`)
    expect(rest.entries.map((e) => e.seq)).toEqual([3, 4, 5])
    expect(rest.next).toBeNull()
    const other = await page('', await t.keyFor('other', ['admin']))
    expect(other.entries.map((e) => e.action)).toEqual(['b.0', 'b.1', 'b.2', 'b.3', 'b.4'])
  })

  it('records admin actions made over HTTP, with the key as actor and counts only', async () => {
    await t.app.request(
      '/v1/webhook',
      jsonRequest(
        'PUT',
        { url: 'https://hooks.example.be/x?tok=1', secret: 'x'.repeat(20) },
        admin,
      ),
    )
    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: '{"externalId":"p-1","email":"an@example.be","hash":"5f4dcc3b5aa765d61d8327deb882cf99","hint":{"algorithm":"md5"}}\n{bad',
    })
    const { entries } = await page('')
    expect(entries.map((e) => e.action)).toEqual([
      'webhook.set',
      'accounts.batch_imported',
      'accounts.imported',
    ])
    expect(entries[0]!.actor).toMatch(/^key:/)
    expect(entries[0]!.details).toEqual({ origin: 'https://hooks.example.be' })
    const importId = entries[1]!.details.importId
    expect(importId).toMatch(/^imp_/)
    expect(entries[1]!.details).toEqual({
      importId,
      batch: 1,
      imported: 1,
      updated: 0,
      unchanged: 0,
    })
    expect(entries[2]!.details).toEqual({
      importId,
      batches: 1,
      imported: 1,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    })
    const text = JSON.stringify(entries)
    for (const secret of ['an@example.be', 'tok=1', 'x'.repeat(20), '5f4dcc3b']) {
      expect(text).not.toContain(secret)
    }
  })

  it('needs the admin scope and validates the query', async () => {
    const login = await t.keyFor('clinic', ['login'])
    expect((await t.app.request('/v1/audit', { headers: login })).status).toBe(403)
    expect((await t.app.request('/v1/audit?limit=0', { headers: admin })).status).toBe(400)
    expect((await t.app.request('/v1/audit?after=-1', { headers: admin })).status).toBe(400)
  })
})
