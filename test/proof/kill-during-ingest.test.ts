import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const ACCOUNTS = 20_000
const RECORDS = 40_000
const SECRET = 'k'.repeat(40)

function count(dbFile: string, sql: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare(sql).get() as { n: number }).n
    } finally {
      db.close()
    }
  } catch {
    return 0
  }
}

function runIngest(dir: string, incidentId: string, file: string) {
  return spawn(
    'node',
    ['src/entry/pwguard-bin.mjs', 'incident', 'ingest', incidentId, file, '--tenant', 'clinic'],
    {
      env: {
        ...process.env,
        PWGUARD_DB: join(dir, 'pwguard.db'),
        PWGUARD_CORPUS: join(dir, 'corpus'),
        PWGUARD_SECRET: SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
}

/** kill -9 in the middle of an exposure ingest: whole batches only, and a rerun completes it. */
describe('kill -9 during exposure ingest', () => {
  it('keeps committed batches whole and the rerun finishes without double counting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-kill-ingest-'))
    const dbFile = join(dir, 'pwguard.db')
    const t = createTestApp({ dbFile, settings: { secret: new TextEncoder().encode(SECRET) } })
    const admin = await t.keyFor('clinic', ['admin'])
    const lines = Array.from({ length: ACCOUNTS }, (_, i) =>
      JSON.stringify({
        externalId: `p-${i}`,
        email: `p${i}@example.be`,
        hash: createHash('sha1').update(`pw-${i}`).digest('hex'),
        hint: { algorithm: 'sha1' },
      }),
    )
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    })
    expect(imported.status).toBe(200)
    const created = await t.app.request(
      '/v1/incidents',
      jsonRequest(
        'POST',
        {
          name: 'leak',
          detectedAt: new Date(t.clock.now()).toISOString(),
          dataClasses: ['email', 'password_hash'],
        },
        admin,
      ),
    )
    const { id } = (await created.json()) as { id: string }
    t.close()

    const file = join(dir, 'leak.ndjson')
    const records = Array.from({ length: RECORDS }, (_, i) =>
      JSON.stringify({
        email: `p${i % (ACCOUNTS * 2)}@example.be`,
        passwordSha1: createHash('sha1').update(`leaked-${i}`).digest('hex'),
      }),
    )
    writeFileSync(file, records.join('\n') + '\n')

    const first = runIngest(dir, id, file)
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.on('exit', (_c, signal) => resolve(signal)),
    )
    while (count(dbFile, 'SELECT count(*) AS n FROM exposure_records') < 4_000)
      await new Promise((r) => setTimeout(r, 20))
    first.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')

    const db = new Database(dbFile)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const recordsAfterKill = (
      db.prepare('SELECT count(*) AS n FROM exposure_records').get() as { n: number }
    ).n
    const exposedAfterKill = (
      db.prepare('SELECT count(*) AS n FROM account_exposures').get() as { n: number }
    ).n
    db.close()
    expect(recordsAfterKill).toBeLessThan(RECORDS)
    // Exposure rows and their records commit together.
    expect(exposedAfterKill).toBeLessThanOrEqual(recordsAfterKill)

    const second = runIngest(dir, id, file)
    let out = ''
    second.stdout.on('data', (chunk) => (out += chunk))
    expect(await new Promise((resolve) => second.on('exit', resolve))).toBe(0)
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as {
      records: number
      duplicates: number
    }
    expect(report.records).toBe(RECORDS)
    expect(report.duplicates).toBe(recordsAfterKill)
    expect(count(dbFile, 'SELECT count(*) AS n FROM exposure_records')).toBe(RECORDS)
    // Matched accounts: e-mails p0..p19999 exist, the rest do not.
    expect(count(dbFile, 'SELECT count(*) AS n FROM account_exposures')).toBe(ACCOUNTS)
  }, 240_000)
})
