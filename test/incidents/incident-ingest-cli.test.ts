import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../../src/breach/live/sqlite-live-breach-store-node.js'
import { MD5_CRYPT, ndjson, sha1Upper } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const SECRET = 'test-secret-test-secret-test-secret!'
const EXPOSED = 'Orchid-Tramway-Silently-Folds-31'

describe('pwguard incident ingest', () => {
  it(
    'ingests a file, and a running server refuses the passwords without a restart',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pwguard-incident-cli-'))
      const corpusDir = join(dir, 'corpus')
      const live = openSqliteLiveBreachStore(liveBreachFile(corpusDir))
      // The "server": same database file and the same live-additions file as the CLI.
      const t = createTestApp({ dbFile: join(dir, 'pwguard.db'), deps: { liveBreach: live } })
      const admin = await t.keyFor('clinic', ['admin', 'check'])
      await t.app.request('/v1/accounts/import', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/x-ndjson' },
        body: ndjson([{ externalId: 'p-1', email: 'an@example.be', hash: MD5_CRYPT.hash }]),
      })
      const created = await t.app.request(
        '/v1/incidents',
        jsonRequest(
          'POST',
          { name: 'leak', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['password'] },
          admin,
        ),
      )
      const { id } = (await created.json()) as { id: string }
      const file = join(dir, 'exposures.csv')
      writeFileSync(
        file,
        [
          'email,password',
          `an@example.be,${MD5_CRYPT.password}`,
          `x@y.be,${EXPOSED}`,
          'a,b,c',
        ].join('\n'),
      )
      const env = {
        ...process.env,
        PWGUARD_DB: join(dir, 'pwguard.db'),
        PWGUARD_CORPUS: corpusDir,
        PWGUARD_SECRET: SECRET,
      }
      const cli = (...args: string[]) =>
        spawnSync('node', ['src/entry/pwguard-bin.mjs', 'incident', 'ingest', ...args], {
          env,
          encoding: 'utf8',
        })
      const run = cli(id, file, '--tenant', 'clinic')
      expect(run.stderr).toContain('password matches 1')
      expect(run.status).toBe(3)
      expect(JSON.parse(run.stdout)).toMatchObject({
        records: 2,
        matched: 1,
        unmatched: 1,
        passwordMatches: 1,
        passwordsAdded: 2,
        rejected: [{ line: 4, code: 'invalid_csv' }],
      })
      expect(JSON.parse(cli(id, file, '--tenant', 'clinic').stdout)).toMatchObject({
        duplicates: 2,
      })
      expect(cli('inc_unknown', file, '--tenant', 'clinic').status).toBe(2)

      const check = async () => {
        const res = await t.app.request(
          '/v1/passwords/check',
          jsonRequest('POST', { password: EXPOSED }, admin),
        )
        return ((await res.json()) as { breach: { breached: boolean } }).breach.breached
      }
      // Another process wrote the tenant's additions: the server reads them (no preload).
      expect(await check()).toBe(true)
      const account = await t.app.request('/v1/accounts/p-1', { headers: admin })
      expect(await account.json()).toMatchObject({
        exposures: [{ incidentId: id, passwordMatch: true }],
      })

      // Privacy: no fast digest of an exposed password in the main database files.
      t.close()
      live.close()
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
    },
  )
})
