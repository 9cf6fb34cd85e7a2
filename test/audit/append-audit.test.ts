import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { AuditDetailsError } from '../../src/audit/audit-details.js'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { auditEntryHash, auditEntryMac, GENESIS_HASH } from '../../src/audit/audit-hash.js'
import { appendAudit, type AuditAppendInput } from '../../src/audit/append-audit.js'
import { checkAuditEntry } from '../../src/audit/audit-insert.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'
import {
  sqliteWriteAudited,
  type SqliteAuditedWrite,
} from '../../src/store/sqlite/sqlite-audited-write.js'
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js'
import { tenants } from '../../src/store/schema.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { createSqliteAuditReader } from '../../src/store/sqlite/sqlite-audit-reader.js'
import { TEST_SECRET } from '../support/test-app.js'

const key = deriveAuditChainKey(TEST_SECRET)

describe('hash-chained audit log', () => {
  let file: string
  let driver: ReturnType<typeof openSqliteDriver>
  let deps: { stores: ReturnType<typeof createSqliteStorePorts> }
  let raw: Database.Database
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'pwguard-audit-')), 'audit.db')
    driver = openSqliteDriver(file)
    deps = { stores: createSqliteStorePorts(driver, { auditKey: key }) }
    raw = new Database(file)
  })
  afterEach(() => {
    raw.close()
    driver.close()
  })

  const at = Date.UTC(2026, 0, 1)
  /** The SQLite adapters' audited write: statements and the entry in one batch. */
  const writeAudited = async (
    _deps: unknown,
    input: AuditAppendInput,
    write: SqliteAuditedWrite = {},
  ) => sqliteWriteAudited(driver, key, checkAuditEntry(input), write)
  const append = (tenantId: string, i: number) =>
    appendAudit(deps, {
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
  const verify = (options: { acceptUnkeyed?: boolean } = {}) =>
    verifyAuditChain(createSqliteAuditReader(driver.db), key, 'clinic', options)

  it('chains entries: seq from 1, prev_hash links, HMAC over the canonical entry', async () => {
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
    expect(rows[0]!['keyed']).toBe(1)
    // Independent recomputation: HMAC-SHA-256 under HMAC(secret, purpose), over exactly these
    // fields, keys sorted.
    const { createHmac } = await import('node:crypto')
    const chainKey = createHmac('sha256', TEST_SECRET).update('pwguard/audit-chain/v1').digest()
    const canonical = `{"action":"api_key.created","actor":"cli","at":${at + 1},"details":{"n":1,"scopes":["admin"]},"prevHash":"${GENESIS_HASH}","seq":1,"target":"key-1","tenantId":"clinic"}`
    expect(first.hash).toBe(createHmac('sha256', chainKey).update(canonical).digest('hex'))
    expect(
      auditEntryMac(key, {
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
    expect(await verifyAuditChain(createSqliteAuditReader(driver.db), key, 'other')).toMatchObject({
      ok: true,
      entries: 30,
    })
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

  it('detects an edit whose links were all recomputed without the key', async () => {
    await fill(5)
    raw.prepare(`update audit_log set action = 'api_key.revoked' where seq = 2`).run()
    // The attacker's best effort: recompute every link from the edit on with plain SHA-256,
    // as keyed (MAC with a guessed key) and as pre-upgrade entries.
    const wrongKey = deriveAuditChainKey(new TextEncoder().encode('x'.repeat(40)))
    for (const mode of ['sha256-keyed', 'wrong-key', 'sha256-unkeyed'] as const) {
      await rechain(raw, 2, mode, wrongKey)
      expect(await verify(), mode).toMatchObject({ ok: false, seq: 2 })
    }
  })

  it('verifies a pre-upgrade chain only on request, then seals it with the first keyed entry', async () => {
    // Entries as the old code wrote them: plain SHA-256 links, keyed = 0.
    await fill(3)
    await rechain(raw, 1, 'sha256-unkeyed', key)
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/no keyed/) })
    expect(await verify({ acceptUnkeyed: true })).toMatchObject({ ok: true, unkeyed: 3 })
    await append('clinic', 4)
    expect(await verify()).toMatchObject({ ok: true, entries: 4, unkeyed: 3 })
    // The keyed entry's MAC covers the legacy head: rewriting the legacy part breaks it...
    raw.prepare(`update audit_log set target = 'key-x' where seq = 2`).run()
    await rechainRange(raw, 2, 3)
    expect(await verify()).toMatchObject({ ok: false, seq: 4 })
    // ...and downgrading the keyed entry too is refused: unkeyed after keyed, or no keyed at all.
    await rechain(raw, 2, 'sha256-unkeyed', key)
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/no keyed/) })
  })

  it('writes the entry in the same batch as the change: both or neither', async () => {
    const insertTenant = (id: string) =>
      driver.db.insert(tenants).values({ id, name: id, createdAt: at })
    const entry = { tenantId: 'clinic', actor: 'cli', action: 'tenant.created', at }
    await writeAudited(deps, { ...entry, target: 't-1' }, { before: [insertTenant('t-1')] })
    // The change fails (duplicate tenant): no entry either.
    await expect(
      writeAudited(deps, { ...entry, target: 't-1' }, { before: [insertTenant('t-1')] }),
    ).rejects.toThrow(/UNIQUE/)
    // The entry is refused (e-mail in the target): the change is not written.
    await expect(
      writeAudited(deps, { ...entry, target: 'an@example.be' }, { before: [insertTenant('t-2')] }),
    ).rejects.toBeInstanceOf(AuditDetailsError)
    expect(raw.prepare('select id from tenants').all()).toEqual([{ id: 't-1' }])
    expect(raw.prepare('select seq, target from audit_log').all()).toEqual([
      { seq: 1, target: 't-1' },
    ])
    // Concurrent audited writes lose seq races and retry the whole batch, change included.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeAudited(deps, { ...entry, target: `u-${i}` }, { before: [insertTenant(`u-${i}`)] }),
      ),
    )
    expect(raw.prepare('select count(*) as n from tenants').get()).toEqual({ n: 21 })
    expect(await verify()).toMatchObject({ ok: true, entries: 21 })
  })

  it('tells the loser of a conditional write so, even when its entry is identical', async () => {
    // Two callers read the same tail and carry the same entry; only the first one's condition
    // holds. Their entries would link to the same hash, so success must come from the batch
    // itself, not from finding a matching row afterwards.
    const entry = { tenantId: 'clinic', actor: 'cli', action: 'password.changed', at }
    const first = sql`(select count(*) from audit_log where tenant_id = 'clinic') = 0`
    const outcomes = await Promise.all([
      writeAudited(deps, entry, { onlyIf: first }),
      writeAudited(deps, entry, { onlyIf: first }),
    ])
    expect(outcomes.filter((outcome) => outcome !== null)).toHaveLength(1)
    expect(raw.prepare('select count(*) as n from audit_log').get()).toEqual({ n: 1 })
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
        appendAudit(deps, { tenantId: 'clinic', actor: 'cli', action: 'x', at, ...extra }),
      ).rejects.toBeInstanceOf(AuditDetailsError)
    }
    // Counts under such names are fine: they reveal nothing.
    await appendAudit(deps, {
      tenantId: 'clinic',
      actor: 'cli',
      action: 'account.reset',
      details: { tokensIssued: 3 },
      at,
    })
    expect(await verify()).toMatchObject({ ok: true, entries: 1 })
  })
})

interface RawEntry {
  tenant_id: string
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
  details: string
  prev_hash: string
}

/**
 * What an attacker with write access does after an edit: recompute every link from `fromSeq`
 * to the end, as plain SHA-256 (flagged keyed or not) or as an HMAC under a key of their own.
 */
async function rechain(
  raw: Database.Database,
  fromSeq: number,
  mode: 'sha256-keyed' | 'sha256-unkeyed' | 'wrong-key',
  wrongKey: ReturnType<typeof deriveAuditChainKey>,
) {
  const rows = raw
    .prepare(`select * from audit_log where tenant_id = 'clinic' order by seq`)
    .all() as RawEntry[]
  let prevHash = rows.find((row) => row.seq === fromSeq - 1)?.['hash' as never] ?? GENESIS_HASH
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const input = {
      tenantId: row.tenant_id,
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
      prevHash,
    }
    const hash = mode === 'wrong-key' ? auditEntryMac(wrongKey, input) : await auditEntryHash(input)
    const keyed = mode === 'sha256-unkeyed' ? 0 : 1
    raw
      .prepare(`update audit_log set prev_hash = ?, hash = ?, keyed = ? where seq = ?`)
      .run(prevHash, hash, keyed, row.seq)
    prevHash = hash
  }
}

/** Recomputes plain SHA-256 links of unkeyed entries `from`..`to`, leaving later ones alone. */
async function rechainRange(raw: Database.Database, from: number, to: number) {
  const rows = raw
    .prepare(`select * from audit_log where tenant_id = 'clinic' order by seq`)
    .all() as (RawEntry & { hash: string })[]
  let prevHash = rows.find((row) => row.seq === from - 1)?.hash ?? GENESIS_HASH
  for (const row of rows.filter((r) => r.seq >= from && r.seq <= to)) {
    const hash = await auditEntryHash({
      tenantId: row.tenant_id,
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
      prevHash,
    })
    raw
      .prepare(`update audit_log set prev_hash = ?, hash = ? where seq = ?`)
      .run(prevHash, hash, row.seq)
    prevHash = hash
  }
}
