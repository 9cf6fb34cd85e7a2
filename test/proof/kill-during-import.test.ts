import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnPwguard } from '../support/pwguard-cli.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const TOTAL = 60_000
const SECRET = 's'.repeat(40)

function countAccounts(dbFile: string): number {
  if (!existsSync(dbFile)) return 0
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n
    } finally {
      db.close()
    }
  } catch {
    return 0 // not migrated yet
  }
}

function runImport(file: string, dbFile: string) {
  const argv = ['accounts', 'import', file, '--tenant', 'clinic', '--batch', '1000']
  return spawnPwguard(argv, { env: { ...process.env, PWGUARD_DB: dbFile, PWGUARD_SECRET: SECRET } })
}

function writeAccounts(file: string) {
  const lines: string[] = []
  for (let i = 0; i < TOTAL; i++) {
    const hash = createHash('sha1').update(`password-${i}`).digest('hex')
    lines.push(
      JSON.stringify({
        externalId: `p-${i}`,
        email: `p${i}@example.be`,
        hash,
        hint: { algorithm: 'sha1' },
      }),
    )
  }
  writeFileSync(file, lines.join('\n') + '\n')
}

describe('kill -9 during a bulk import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-kill-import-'))
  const file = join(dir, 'accounts.ndjson')
  const dbFile = join(dir, 'pwguard.db')
  let signal: NodeJS.Signals | null
  let afterKill: { integrity: unknown; accounts: number; incomplete: number }

  beforeAll(async () => {
    writeAccounts(file)
    const first = runImport(file, dbFile)
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.on('exit', (_code, signal) => resolve(signal)),
    )
    // Kill it for real once some batches are committed and before it can finish.
    while (countAccounts(dbFile) < 2_000) await new Promise((resolve) => setTimeout(resolve, 20))
    first.kill('SIGKILL')
    signal = await exited
    const db = new Database(dbFile)
    const incomplete = db
      .prepare(
        "SELECT count(*) AS n FROM accounts WHERE scheme = '' OR password_hash = '' OR import_fingerprint IS NULL",
      )
      .get() as { n: number }
    afterKill = {
      integrity: db.pragma('integrity_check', { simple: true }),
      accounts: (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n,
      incomplete: incomplete.n,
    }
    db.close()
  }, 180_000)

  it('keeps every committed batch whole', () => {
    expect(signal).toBe('SIGKILL')
    expect(afterKill.integrity).toBe('ok')
    // Batches are transactions of 1,000 rows: a kill leaves whole batches only.
    expect(afterKill.accounts % 1000).toBe(0)
    expect(afterKill.accounts).toBeLessThan(TOTAL)
    expect(afterKill.incomplete).toBe(0)
  })

  it('finishes the job on a rerun, keeping what the first run committed', async () => {
    const second = runImport(file, dbFile)
    let stdout = ''
    second.stdout.on('data', (chunk) => (stdout += chunk))
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve))
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as { imported: number; unchanged: number; updated: number }
    const { accounts } = afterKill
    expect(report).toMatchObject({ imported: TOTAL - accounts, unchanged: accounts, updated: 0 })
    expect(countAccounts(dbFile)).toBe(TOTAL)
  }, 180_000)

  it('logs in accounts from both runs, by e-mail', async () => {
    const t = createTestApp({ dbFile, settings: { secret: new TextEncoder().encode(SECRET) } })
    const key = await t.keyFor('clinic', ['login'])
    const last = afterKill.accounts
    for (const i of [0, last - 1, last, TOTAL - 1]) {
      const res = await t.app.request(
        '/v1/login',
        jsonRequest('POST', { email: `p${i}@example.be`, password: `password-${i}` }, key),
      )
      expect(res.status, `account ${i}`).toBe(200)
    }
    t.close()
  })
})
