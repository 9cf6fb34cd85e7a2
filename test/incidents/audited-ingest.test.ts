import { sql } from 'drizzle-orm'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { pwguard } from '../support/pwguard-cli.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

type Entry = { action: string; actor: string; target: string; details: Record<string, unknown> }

/** A crash must not leave written rows unaudited: every committed ingest batch carries its own audit entry. */
describe('exposure ingest audited batch by batch', () => {
  let dir: string
  let dbFile: string
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let incidentId: string
  const ids = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pwguard-audited-ingest-'))
    dbFile = join(dir, 'pwguard.db')
    t = createTestApp({ dbFile })
    admin = await t.keyFor('clinic', ['admin'])
    const accounts = ids.map((id) => ({ externalId: id, hash: MD5_CRYPT.hash }))
    await importAccounts(t, admin, ndjson(accounts))
    const body = { name: 'leak', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['password'] }
    const created = await t.app.request('/v1/incidents', jsonRequest('POST', body, admin))
    incidentId = ((await created.json()) as { id: string }).id
  })
  afterEach(() => t.close())

  const exposures = (list: string[]) =>
    ndjson(list.map((id) => ({ externalId: id, password: MD5_CRYPT.password })))
  const upload = (body: string, app = t) =>
    app.app.request(`/v1/incidents/${incidentId}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body,
    })
  /** The ingest entries only (the setup's import entries are not this test's subject). */
  const audit = async () =>
    (
      (await (await t.app.request('/v1/audit', { headers: admin })).json()) as { entries: Entry[] }
    ).entries.filter((e) => e.action.startsWith('incident.exposures'))
  const exposed = async () =>
    (
      await t.driver.db.all<{ id: string }>(
        sql.raw('SELECT external_id AS id FROM account_exposures ORDER BY external_id'),
      )
    ).map((row) => row.id)
  const ingestFile = (list: string[]) => {
    const file = join(dir, `exposures-${list.length}.ndjson`)
    writeFileSync(file, exposures(list))
    const args = ['incident', 'ingest', incidentId, file, '--tenant', 'clinic', '--batch', '2']
    return pwguard(dbFile, args)
  }
  /** Makes the audit insert of the given batch number fail, as a broken log store would. */
  const failAuditOfBatch = (batch: number) =>
    t.driver.db.run(
      sql.raw(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log
        WHEN NEW.action = 'incident.exposures_batch_ingested'
        AND json_extract(NEW.details, '$.batch') = ${batch}
        BEGIN SELECT RAISE(ABORT, 'audit store down'); END`),
    )

  it('writes one entry per batch and a summary over HTTP, and the chain verifies', async () => {
    expect((await upload(exposures(['p-1', 'p-2']) + '{bad\n')).status).toBe(200)
    expect((await upload(exposures(['p-1']))).status).toBe(200)
    const entries = await audit()
    expect(entries.map((e) => [e.action, e.target, e.details])).toEqual([
      [
        'incident.exposures_batch_ingested',
        incidentId,
        expect.objectContaining({ batch: 1, written: 2, matched: 2, passwordMatches: 2 }),
      ],
      [
        'incident.exposures_ingested',
        incidentId,
        expect.objectContaining({ batches: 1, records: 2, matched: 2, rejectedCount: 1 }),
      ],
      // A re-sent record changes nothing: no batch entry, the summary counts the duplicate.
      [
        'incident.exposures_ingested',
        incidentId,
        expect.objectContaining({ batches: 0, records: 1, matched: 0, duplicates: 1 }),
      ],
    ])
    expect(entries[0]!.details.ingestId).toBe(entries[1]!.details.ingestId)
    expect(entries[1]!.details.ingestId).not.toBe(entries[2]!.details.ingestId)
    expect(await pwguard(dbFile, ['audit', 'verify'])).toMatchObject({ code: 0 })
  })

  it('commits no rows of a batch whose audit entry cannot be written (HTTP)', async () => {
    await failAuditOfBatch(1)
    expect((await upload(exposures(['p-1', 'p-2']))).status).toBe(500)
    expect(await exposed()).toEqual([])
    expect(await audit()).toEqual([])
  })

  it('keeps the batches before a failed one, each with its entry (CLI, --batch 2)', async () => {
    await failAuditOfBatch(2)
    await expect(ingestFile(ids)).rejects.toThrow(/audit store down/)
    expect(await exposed()).toEqual(['p-1', 'p-2'])
    expect((await audit()).map((e) => [e.action, e.actor, e.details.batch])).toEqual([
      ['incident.exposures_batch_ingested', 'cli', 1],
    ])
    // Re-running once the log is back completes it, every batch logged with its own counts.
    await t.driver.db.run(sql.raw('DROP TRIGGER audit_down'))
    expect((await ingestFile(ids)).code).toBe(0)
    expect(await exposed()).toEqual(ids)
    const rerun = (await audit()).slice(1)
    expect(rerun.map((e) => [e.action, e.details.batch ?? e.details.batches])).toEqual([
      ['incident.exposures_batch_ingested', 1],
      ['incident.exposures_batch_ingested', 2],
      ['incident.exposures_ingested', 2],
    ])
    expect(rerun.map((e) => e.details.matched)).toEqual([2, 1, 3])
    expect(rerun.map((e) => e.details.duplicates)).toEqual([0, 0, 2])
    expect(await pwguard(dbFile, ['audit', 'verify'])).toMatchObject({ code: 0 })
  })

  it('records a cut upload as truncated with the committed counts', async () => {
    const small = createTestApp({ dbFile, settings: { maxImportBytes: 1024 } })
    const res = await upload(exposures(Array.from({ length: 60 }, (_, i) => `x-${i}`)), small)
    small.close()
    expect(res.status).toBe(413)
    const entries = await audit()
    expect(entries.map((e) => [e.action, e.details.truncated, e.details.batches])).toEqual([
      ['incident.exposures_ingested', true, 0],
    ])
    expect(await pwguard(dbFile, ['audit', 'verify'])).toMatchObject({ code: 0 })
  })
})

async function importAccounts(
  t: ReturnType<typeof createTestApp>,
  admin: Record<string, string>,
  body: string,
) {
  const res = await t.app.request('/v1/accounts/import', {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/x-ndjson' },
    body,
  })
  expect(res.status).toBe(200)
}
