import { sql } from 'drizzle-orm'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendAudit } from '../../src/audit/append-audit.js'
import type { StoreDriver } from '../../src/store/database.js'
import { webhookOutbox } from '../../src/store/schema.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { pwguard } from '../support/pwguard-cli.js'
import { TEST_SECRET, createTestApp, jsonRequest } from '../support/test-app.js'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'

type Entry = { seq: number; action: string; target: string | null; details: object }

/** No change without its trace: the change, its audit entry and its webhook event commit together. */
describe('password change audited in its own batch', () => {
  const OLD = 'correct horse battery staple orbit'
  const NEXT = 'violet lanterns drift over quiet harbours'
  let dbFile: string
  let t: ReturnType<typeof createTestApp>
  let key: Record<string, string>
  /** Set by a test to run once, as another writer, just before the next batch with an entry. */
  let beforeNextBatch: (() => Promise<void>) | null = null

  beforeEach(async () => {
    dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-audited-pw-')), 'pwguard.db')
    const inner = openSqliteDriver(dbFile)
    const driver: StoreDriver = {
      ...inner,
      async batch(statements) {
        const audited = statements.some((s) =>
          (s as unknown as { toSQL(): { sql: string } }).toSQL().sql.includes('"audit_log"'),
        )
        const hook = audited ? beforeNextBatch : null
        if (hook) beforeNextBatch = null
        await hook?.()
        return inner.batch(statements)
      },
    }
    const stores = createSqliteStorePorts(driver, { auditKey: deriveAuditChainKey(TEST_SECRET) })
    t = createTestApp({ dbFile, deps: { stores } })
    key = await t.keyFor('clinic', ['admin', 'login'])
    const hook = { url: 'https://hooks.example.be/a', secret: 'whsec-audited-change-0123' }
    expect((await t.app.request('/v1/webhook', jsonRequest('PUT', hook, key))).status).toBe(201)
    const account = { externalId: 'p-1', password: OLD }
    expect((await t.app.request('/v1/accounts', jsonRequest('POST', account, key))).status).toBe(
      201,
    )
  })
  afterEach(() => t.close())

  const change = (body: Record<string, unknown>) =>
    t.app.request(
      '/v1/accounts/p-1/password',
      jsonRequest('POST', { ...body, newPassword: NEXT }, key),
    )
  const login = async (password: string) => {
    const res = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 'p-1', password }, key),
    )
    return ((await res.json()) as { ok: boolean }).ok
  }
  const audit = async () =>
    ((await (await t.app.request('/v1/audit', { headers: key })).json()) as { entries: Entry[] })
      .entries
  const events = async () =>
    (await t.driver.db.select().from(webhookOutbox)).filter(
      (row) => row.type === 'account.password_changed',
    )
  const resetToken = async () => {
    const res = await t.app.request('/v1/accounts/p-1/reset', jsonRequest('POST', {}, key))
    return ((await res.json()) as { token: string }).token
  }
  const failAuditOf = (action: string) =>
    t.driver.db.run(
      sql.raw(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log WHEN NEW.action = '${action}'
        BEGIN SELECT RAISE(ABORT, 'audit store down'); END`),
    )

  it('writes exactly one entry and one event per change, and the chain verifies', async () => {
    const start = (await audit()).length
    expect((await change({ currentPassword: OLD })).status).toBe(204)
    const token = await resetToken()
    expect((await change({ resetToken: token })).status).toBe(204)
    const added = (await audit()).slice(start)
    expect(added.map((e) => [e.action, e.target, e.details])).toEqual([
      ['account.password_changed', 'p-1', { via: 'current_password' }],
      ['account.reset_forced', 'p-1', expect.anything()],
      ['account.password_changed', 'p-1', { via: 'reset_token' }],
    ])
    expect((await events()).map((row) => JSON.parse(row.payload).data.via)).toEqual([
      'current_password',
      'reset_token',
    ])
    expect(await login(NEXT)).toBe(true)
    expect(await pwguard(dbFile, ['audit', 'verify', '--tenant', 'clinic'])).toMatchObject({
      code: 0,
    })
  })

  it('keeps the old password, the token and no event when the audit insert fails', async () => {
    const start = await audit()
    await failAuditOf('account.password_changed')
    expect((await change({ currentPassword: OLD })).status).toBe(500)
    expect(await login(OLD)).toBe(true)
    expect(await events()).toEqual([])
    expect(await audit()).toEqual(start)
    const token = await resetToken()
    expect((await change({ resetToken: token })).status).toBe(500)
    expect(await events()).toEqual([])
    expect((await audit()).map((e) => e.action).at(-1)).toBe('account.reset_forced')
    // Neither the password nor the token was spent: once the log is back, the token works.
    await t.driver.db.run(sql.raw('DROP TRIGGER audit_down'))
    expect((await change({ resetToken: token })).status).toBe(204)
    expect(await events()).toHaveLength(1)
    expect(await login(NEXT)).toBe(true)
  })

  it('retries the whole change when another writer takes its seq first', async () => {
    const start = (await audit()).length
    beforeNextBatch = async () => {
      const other = { tenantId: 'clinic', actor: 'cli', action: 'other.writer', at: 1 }
      await appendAudit(t.deps, other)
    }
    expect((await change({ currentPassword: OLD })).status).toBe(204)
    const added = (await audit()).slice(start).map((e) => e.action)
    expect(added).toEqual(['other.writer', 'account.password_changed'])
    expect(await events()).toHaveLength(1)
    expect(await login(NEXT)).toBe(true)
    expect((await pwguard(dbFile, ['audit', 'verify'])).code).toBe(0)
  })
})
