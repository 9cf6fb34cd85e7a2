import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../../src/breach/live/sqlite-live-breach-store-node.js'
import { MD5_CRYPT, sha1Upper } from '../support/accounts-fixtures.js'
import { createIncident, importAccounts } from '../support/admin-requests.js'
import { pwguardProcess, type CliRun } from '../support/pwguard-cli.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const SECRET = 'test-secret-test-secret-test-secret!'
const EXPOSED = 'Orchid-Tramway-Silently-Folds-31'

describe('pwguard incident ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-incident-cli-'))
  const corpusDir = join(dir, 'corpus')
  const file = join(dir, 'exposures.csv')
  let live: ReturnType<typeof openSqliteLiveBreachStore>
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let open = true
  let id: string
  let first: CliRun
  let rerun: CliRun
  let unknown: CliRun

  // A child process, as an operator runs it: the server below only shares its files.
  const cli = (...args: string[]) =>
    pwguardProcess(['incident', 'ingest', ...args], {
      env: {
        ...process.env,
        PWGUARD_DB: join(dir, 'pwguard.db'),
        PWGUARD_CORPUS: corpusDir,
        PWGUARD_SECRET: SECRET,
      },
    })

  beforeAll(async () => {
    live = openSqliteLiveBreachStore(liveBreachFile(corpusDir))
    // The "server": same database file and the same live-additions file as the CLI.
    t = createTestApp({ dbFile: join(dir, 'pwguard.db'), deps: { liveBreach: live } })
    admin = await t.keyFor('clinic', ['admin', 'check'])
    await importAccounts(t, admin, [
      { externalId: 'p-1', email: 'an@example.be', hash: MD5_CRYPT.hash },
    ])
    id = await createIncident(t, admin)
    const rows = ['email,password', `an@example.be,${MD5_CRYPT.password}`, `x@y.be,${EXPOSED}`]
    writeFileSync(file, [...rows, 'a,b,c'].join('\n'))
    first = cli(id, file, '--tenant', 'clinic')
    rerun = cli(id, file, '--tenant', 'clinic')
    unknown = cli('inc_unknown', file, '--tenant', 'clinic')
  }, 120_000)
  afterAll(() => {
    if (!open) return
    t.close()
    live.close()
  })

  it('ingests a file, reports it, and exits 3 when a password matched', () => {
    expect(first.stderr).toContain('password matches 1')
    expect(first.code).toBe(3)
    expect(JSON.parse(first.stdout)).toMatchObject({
      records: 2,
      matched: 1,
      unmatched: 1,
      passwordMatches: 1,
      passwordsAdded: 2,
      rejected: [{ line: 4, code: 'invalid_csv' }],
    })
  })

  it('counts a rerun as duplicates and exits 2 for an unknown incident', () => {
    expect(JSON.parse(rerun.stdout)).toMatchObject({ duplicates: 2 })
    expect(unknown.code).toBe(2)
  })

  it('a running server refuses the passwords without a restart and flags the account', async () => {
    const res = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: EXPOSED }, admin),
    )
    // Another process wrote the tenant's additions: the server reads them (no preload).
    expect(((await res.json()) as { breach: { breached: boolean } }).breach.breached).toBe(true)
    const account = await t.app.request('/v1/accounts/p-1', { headers: admin })
    expect(await account.json()).toMatchObject({
      exposures: [{ incidentId: id, passwordMatch: true }],
    })
  })

  it('keeps no fast digest in the main database, and the list only in the tenant additions', async () => {
    t.close()
    live.close()
    open = false
    for (const name of readdirSync(dir).filter((entry) => entry.startsWith('pwguard.db'))) {
      const bytes = readFileSync(join(dir, name)).toString('latin1').toUpperCase()
      expect(bytes).not.toContain(sha1Upper(EXPOSED))
      expect(bytes).not.toContain(sha1Upper(MD5_CRYPT.password))
    }
    const reopened = openSqliteLiveBreachStore(liveBreachFile(corpusDir))
    expect(await reopened.tenantCount('clinic', 'sha1', sha1Upper(EXPOSED))).toBe(1)
    // A tenant's list never reaches the shared rows /range serves.
    expect(await reopened.read('sha1', sha1Upper(EXPOSED).slice(0, 5))).toEqual([])
    reopened.close()
  })
})
