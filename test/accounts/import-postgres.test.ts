import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MD5_CRYPT, SHA512_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { pwguard } from '../support/pwguard-cli.js'
import { createTestDatabase, type TestDatabase } from '../support/test-database.js'

const dir = mkdtempSync(join(tmpdir(), 'pwguard-import-pg-'))
const file = (name: string, records: unknown[]) => {
  const path = join(dir, name)
  writeFileSync(path, ndjson(records))
  return path
}

/** `pwguard <argv>` on PostgreSQL (the SQLite file must stay unused). */
const run = (argv: string[], url: string) =>
  pwguard(join(dir, 'unused.db'), argv, { PWGUARD_DATABASE_URL: url })

describe('pwguard accounts import with PWGUARD_DATABASE_URL', () => {
  let database: TestDatabase
  let client: pg.Client
  beforeAll(async () => {
    database = await createTestDatabase()
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
  })
  afterAll(async () => {
    await client.end()
    await database.drop()
    rmSync(dir, { recursive: true, force: true })
  })
  const importFile = (path: string) =>
    run(['accounts', 'import', path, '--tenant', 'clinic', '--batch', '2'], database.url)
  const rows = async () =>
    (
      await client.query<{ external_id: string; scheme: string; imported_at: string }>(
        `SELECT external_id, scheme, imported_at FROM accounts ORDER BY external_id`,
      )
    ).rows

  it('writes to PostgreSQL in audited batches; a re-import is unchanged; e-mails stay unique', async () => {
    const records = [
      { externalId: 'a', email: 'a@example.be', hash: MD5_CRYPT.hash },
      { externalId: 'b', email: 'b@example.be', hash: MD5_CRYPT.hash },
      { externalId: 'c', email: 'a@example.be', hash: MD5_CRYPT.hash },
      { externalId: 'd', hash: 'nope' },
    ]
    const first = await importFile(file('first.ndjson', records))
    expect(first.code).toBe(3)
    expect(JSON.parse(first.stdout)).toMatchObject({
      imported: 2,
      rejected: [
        { line: 4, code: 'unrecognized_hash' },
        { line: 3, code: 'account_exists' },
      ],
    })
    expect((await rows()).map((row) => row.external_id)).toEqual(['a', 'b'])
    const before = await rows()
    const again = await importFile(file('again.ndjson', records.slice(0, 2)))
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 2 })
    expect(await rows()).toEqual(before)
    const changed = await importFile(
      file('changed.ndjson', [{ externalId: 'b', hash: SHA512_CRYPT.hash }]),
    )
    expect(JSON.parse(changed.stdout)).toMatchObject({ imported: 0, updated: 1, unchanged: 0 })
    const b = (await rows()).find((row) => row.external_id === 'b')!
    expect(b.scheme).not.toBe(before[1]!.scheme)
    expect(Number(b.imported_at)).toBeGreaterThanOrEqual(Number(before[1]!.imported_at))
    // One entry per committed batch plus each run's summary, in one unforked chain.
    const audit = await client.query<{ action: string; n: string }>(
      `SELECT action, count(*) AS n FROM audit_log WHERE tenant_id = 'clinic' GROUP BY action ORDER BY action`,
    )
    expect(audit.rows).toEqual([
      { action: 'accounts.batch_imported', n: '3' },
      { action: 'accounts.imported', n: '3' },
    ])
    const verify = await run(['audit', 'verify'], database.url)
    expect(verify.code).toBe(0)
    // Nothing of it went to a local SQLite file.
    expect(existsSync(join(dir, 'unused.db'))).toBe(false)
  })
})
