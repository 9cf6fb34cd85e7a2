import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnPwguard } from '../support/pwguard-cli.js'
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
  return spawnPwguard(['incident', 'ingest', incidentId, file, '--tenant', 'clinic'], {
    env: {
      ...process.env,
      PWGUARD_DB: join(dir, 'pwguard.db'),
      PWGUARD_CORPUS: join(dir, 'corpus'),
      PWGUARD_SECRET: SECRET,
    },
  })
}

/** 20 000 accounts with e-mails, and an incident for them; returns the incident id. */
async function seed(dbFile: string): Promise<{ id: string; importStatus: number }> {
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
  const incident = {
    name: 'leak',
    detectedAt: new Date(t.clock.now()).toISOString(),
    dataClasses: ['email', 'password_hash'],
  }
  const created = await t.app.request('/v1/incidents', jsonRequest('POST', incident, admin))
  const { id } = (await created.json()) as { id: string }
  t.close()
  return { id, importStatus: imported.status }
}

/** 40 000 leaked records: half match an account by e-mail, half match none. */
function writeLeak(file: string) {
  const records = Array.from({ length: RECORDS }, (_, i) =>
    JSON.stringify({
      email: `p${i % (ACCOUNTS * 2)}@example.be`,
      passwordSha1: createHash('sha1').update(`leaked-${i}`).digest('hex'),
    }),
  )
  writeFileSync(file, records.join('\n') + '\n')
}

/** kill -9 in the middle of an exposure ingest: whole batches only, and a rerun completes it. */
describe('kill -9 during exposure ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-kill-ingest-'))
  const dbFile = join(dir, 'pwguard.db')
  const file = join(dir, 'leak.ndjson')
  let seeded: Awaited<ReturnType<typeof seed>>
  let signal: NodeJS.Signals | null
  let afterKill: { integrity: unknown; records: number; exposed: number }

  beforeAll(async () => {
    seeded = await seed(dbFile)
    writeLeak(file)
    const first = runIngest(dir, seeded.id, file)
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.on('exit', (_c, signal) => resolve(signal)),
    )
    while (count(dbFile, 'SELECT count(*) AS n FROM exposure_records') < 4_000)
      await new Promise((r) => setTimeout(r, 20))
    first.kill('SIGKILL')
    signal = await exited
    const db = new Database(dbFile)
    afterKill = {
      integrity: db.pragma('integrity_check', { simple: true }),
      records: (db.prepare('SELECT count(*) AS n FROM exposure_records').get() as { n: number }).n,
      exposed: (db.prepare('SELECT count(*) AS n FROM account_exposures').get() as { n: number }).n,
    }
    db.close()
  }, 240_000)

  it('leaves an intact database holding whole batches only', () => {
    expect(seeded.importStatus).toBe(200)
    expect(signal).toBe('SIGKILL')
    expect(afterKill.integrity).toBe('ok')
    expect(afterKill.records).toBeLessThan(RECORDS)
    // Exposure rows and their records commit together.
    expect(afterKill.exposed).toBeLessThanOrEqual(afterKill.records)
  })

  it('finishes on a rerun without counting a committed record twice', async () => {
    const second = runIngest(dir, seeded.id, file)
    let out = ''
    second.stdout.on('data', (chunk) => (out += chunk))
    expect(await new Promise((resolve) => second.on('exit', resolve))).toBe(0)
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as {
      records: number
      duplicates: number
    }
    expect(report.records).toBe(RECORDS)
    expect(report.duplicates).toBe(afterKill.records)
    expect(count(dbFile, 'SELECT count(*) AS n FROM exposure_records')).toBe(RECORDS)
    // Matched accounts: e-mails p0..p19999 exist, the rest do not.
    expect(count(dbFile, 'SELECT count(*) AS n FROM account_exposures')).toBe(ACCOUNTS)
  }, 240_000)
})
