import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditDetailsError } from '../../src/audit/audit-details.js'
import { auditEntryHash, GENESIS_HASH } from '../../src/audit/audit-hash.js'
import { appendAudit } from '../../src/audit/append-audit.js'
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver.js'

describe('hash-chained audit log', () => {
  let file: string
  let driver: ReturnType<typeof openSqliteDriver>
  let raw: Database.Database
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'pwguard-audit-')), 'audit.db')
    driver = openSqliteDriver(file)
    raw = new Database(file)
  })
  afterEach(() => {
    raw.close()
    driver.close()
  })

  const at = Date.UTC(2026, 0, 1)
  const append = (tenantId: string, i: number) =>
    appendAudit(driver, {
      tenantId,
      actor: 'cli',
      action: 'api_key.created',
      target: `key-${i}`,
      details: { scopes: ['admin'], n: i },
      at: at + i,
    })
  const fill = async (count: number) => {
    for (let i = 1; i <= count; i++) await append('clinic', i)
  }
  const verify = () => verifyAuditChain(driver.db, 'clinic')

  it('chains entries: seq from 1, prev_hash links, hash over the canonical entry', async () => {
    const first = await append('clinic', 1)
    const second = await append('clinic', 2)
    expect(first.seq).toBe(1)
    expect(second.seq).toBe(2)
    const rows = raw.prepare('select * from audit_log order by seq').all() as Record<
      string,
      never
    >[]
    expect(rows[0]!['prev_hash']).toBe(GENESIS_HASH)
    expect(rows[1]!['prev_hash']).toBe(first.hash)
    // Independent recomputation: the hash covers exactly these fields, keys sorted.
    const { createHash } = await import('node:crypto')
    const canonical = `{"action":"api_key.created","actor":"cli","at":${at + 1},"details":{"n":1,"scopes":["admin"]},"prevHash":"${GENESIS_HASH}","seq":1,"target":"key-1","tenantId":"clinic"}`
    expect(first.hash).toBe(createHash('sha256').update(canonical).digest('hex'))
    expect(
      await auditEntryHash({
        tenantId: 'clinic',
        seq: 1,
        at: at + 1,
        actor: 'cli',
        action: 'api_key.created',
        target: 'key-1',
        details: { scopes: ['admin'], n: 1 },
        prevHash: GENESIS_HASH,
      }),
    ).toBe(first.hash)
  })

  it('keeps one gap-free chain per tenant under concurrent appends', async () => {
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => append(i % 3 === 0 ? 'other' : 'clinic', i)),
    )
    expect(new Set(results.map((r) => r.hash)).size).toBe(90)
    expect(await verify()).toMatchObject({ ok: true, entries: 60 })
    expect(await verifyAuditChain(driver.db, 'other')).toMatchObject({ ok: true, entries: 30 })
  })

  it('names the first edited entry', async () => {
    await fill(10)
    raw.prepare(`update audit_log set details = '{"n":99}' where seq = 4`).run()
    raw.prepare(`update audit_log set actor = 'someone' where seq = 7`).run()
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 4,
      problem: expect.stringMatching(/hash/),
    })
  })

  it('names a deleted entry by its missing seq', async () => {
    await fill(10)
    raw.prepare('delete from audit_log where seq = 6').run()
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 6,
      problem: expect.stringMatching(/missing/),
    })
  })

  it('detects reordered entries and a re-hashed edit that breaks the next link', async () => {
    await fill(10)
    raw.prepare('update audit_log set seq = -3 where seq = 3').run()
    raw.prepare('update audit_log set seq = 3 where seq = 5').run()
    raw.prepare('update audit_log set seq = 5 where seq = -3').run()
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/prev_hash/),
    })
  })

  it('detects an edit whose own hash was recomputed: the following link breaks', async () => {
    await fill(5)
    const row = raw.prepare('select * from audit_log where seq = 2').get() as {
      prev_hash: string
    }
    const forged = await auditEntryHash({
      tenantId: 'clinic',
      seq: 2,
      at: at + 2,
      actor: 'cli',
      action: 'api_key.revoked',
      target: 'key-2',
      details: { scopes: ['admin'], n: 2 },
      prevHash: row.prev_hash,
    })
    raw
      .prepare(`update audit_log set action = 'api_key.revoked', hash = ? where seq = 2`)
      .run(forged)
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/prev_hash/),
    })
  })

  it('refuses secrets and e-mails in details and target, and writes nothing', async () => {
    const bad = [
      { details: { password: 'hunter2' } },
      { details: { nested: { apiKey: 'pwg_123' } } },
      { details: { resetToken: 'abc' } },
      { details: { note: 'mail an@example.be' } },
      { target: 'an@example.be' },
    ]
    for (const extra of bad) {
      await expect(
        appendAudit(driver, { tenantId: 'clinic', actor: 'cli', action: 'x', at, ...extra }),
      ).rejects.toBeInstanceOf(AuditDetailsError)
    }
    // Counts under such names are fine: they reveal nothing.
    await appendAudit(driver, {
      tenantId: 'clinic',
      actor: 'cli',
      action: 'account.reset',
      details: { tokensIssued: 3 },
      at,
    })
    expect(await verify()).toMatchObject({ ok: true, entries: 1 })
  })
})
