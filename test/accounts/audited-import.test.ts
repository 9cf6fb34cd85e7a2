import { sql } from 'drizzle-orm'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { pwguard } from '../support/pwguard-cli.js'
import { createTestApp } from '../support/test-app.js'

type Entry = { action: string; actor: string; details: Record<string, unknown> }

/** A crash must not leave written rows unaudited: every committed import batch carries its own audit entry. */
describe('account import audited batch by batch', () => {
  let dir: string
  let dbFile: string
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pwguard-audited-import-'))
    dbFile = join(dir, 'pwguard.db')
    t = createTestApp({ dbFile })
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const records = (ids: string[]) => ids.map((id) => ({ externalId: id, hash: MD5_CRYPT.hash }))
  const upload = (body: string) =>
    t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body,
    })
  const audit = async () =>
    ((await (await t.app.request('/v1/audit', { headers: admin })).json()) as { entries: Entry[] })
      .entries
  const exists = async (id: string) =>
    (await t.app.request(`/v1/accounts/${id}`, { headers: admin })).status === 200
  const importFile = (ids: string[]) => {
    const file = join(dir, `accounts-${ids.length}.ndjson`)
    writeFileSync(file, ndjson(records(ids)))
    return pwguard(dbFile, ['accounts', 'import', file, '--tenant', 'clinic', '--batch', '2'])
  }
  /** Makes the audit insert of the given batch number fail, as a broken log store would. */
  const failAuditOfBatch = (batch: number) =>
    t.driver.db.run(
      sql.raw(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log
        WHEN NEW.action = 'accounts.batch_imported' AND json_extract(NEW.details, '$.batch') = ${batch}
        BEGIN SELECT RAISE(ABORT, 'audit store down'); END`),
    )

  it('writes one entry per batch and a summary over HTTP, and the chain verifies', async () => {
    expect((await upload(ndjson(records(['p-1', 'p-2'])) + '{bad\n')).status).toBe(200)
    expect((await upload(ndjson(records(['p-1'])))).status).toBe(200)
    const entries = await audit()
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ['accounts.batch_imported', expect.objectContaining({ batch: 1, imported: 2, updated: 0 })],
      ['accounts.imported', expect.objectContaining({ batches: 1, imported: 2, rejected: 1 })],
      ['accounts.batch_imported', expect.objectContaining({ batch: 1, imported: 0, unchanged: 1 })],
      ['accounts.imported', expect.objectContaining({ batches: 1, unchanged: 1, rejected: 0 })],
    ])
    // Each run's entries share one id, and two runs never share it.
    expect(entries[0]!.details.importId).toBe(entries[1]!.details.importId)
    expect(entries[2]!.details.importId).toBe(entries[3]!.details.importId)
    expect(entries[0]!.details.importId).not.toBe(entries[2]!.details.importId)
    expect(await pwguard(dbFile, ['audit', 'verify'])).toMatchObject({ code: 0 })
  })

  it('commits no rows of a batch whose audit entry cannot be written (HTTP)', async () => {
    await failAuditOfBatch(1)
    expect((await upload(ndjson(records(['p-1', 'p-2'])))).status).toBe(500)
    expect(await exists('p-1')).toBe(false)
    expect(await exists('p-2')).toBe(false)
    expect(await audit()).toEqual([])
  })

  it('keeps the batches before a failed one, each with its entry (CLI, --batch 2)', async () => {
    await failAuditOfBatch(2)
    const ids = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']
    await expect(importFile(ids)).rejects.toThrow(/audit store down/)
    expect(await Promise.all(ids.map(exists))).toEqual([true, true, false, false, false])
    expect((await audit()).map((e) => [e.action, e.actor, e.details.batch])).toEqual([
      ['accounts.batch_imported', 'cli', 1],
    ])
    // Re-running once the log is back completes it, every batch logged with its own counts.
    await t.driver.db.run(sql.raw('DROP TRIGGER audit_down'))
    expect((await importFile(ids)).code).toBe(0)
    expect(await Promise.all(ids.map(exists))).toEqual([true, true, true, true, true])
    const rerun = (await audit()).slice(1)
    expect(rerun.map((e) => [e.action, e.details.batch ?? e.details.batches])).toEqual([
      ['accounts.batch_imported', 1],
      ['accounts.batch_imported', 2],
      ['accounts.batch_imported', 3],
      ['accounts.imported', 3],
    ])
    expect(rerun.map((e) => e.details.imported)).toEqual([0, 2, 1, 3])
    expect(rerun.map((e) => e.details.unchanged)).toEqual([2, 0, 0, 2])
    expect(await pwguard(dbFile, ['audit', 'verify'])).toMatchObject({ code: 0 })
  })
})
