import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../../../src/breach/live/sqlite-live-breach-store-node.js'
import { sha1Upper } from '../../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../../support/test-app.js'
import { createIncident, ingestExposures } from '../../support/admin-requests.js'

const LEAKED = [
  'Amber-Falcon-Drifts-Over-Lakes-31',
  'Copper-Willow-Hums-At-Dawn-58',
  'Mossy-Kettle-Sings-Twice-94',
]

/**
 * One tenant's incident list must not change what other tenants or /range see: tenant additions
 * stay per tenant, with a quota; the shared corpus is the operator's.
 */
describe('per-tenant breach additions', () => {
  it('a quota caps one tenant, with a stable code, and never fails the ingest', async () => {
    const t = createTestApp({ settings: { tenantCorpusQuota: 2 } })
    const admin = await t.keyFor('clinic', ['admin', 'check'])
    const id = await createIncident(t, admin)
    const res = await ingestExposures(
      t,
      admin,
      id,
      LEAKED.map((password, i) => ({ email: `p${i}@example.be`, password })),
    )
    expect(res.status).toBe(200)
    const report = (await res.json()) as { warnings: { code: string }[] }
    expect(report).toMatchObject({ records: 3, passwordsAdded: 2, passwordsRefused: 1 })
    expect(report.warnings.map((w) => w.code)).toEqual(['tenant_corpus_quota_exceeded'])
    const breached = async (password: string) =>
      (
        (await (
          await t.app.request('/v1/passwords/check', jsonRequest('POST', { password }, admin))
        ).json()) as {
          breach: { breached: boolean }
        }
      ).breach.breached
    expect(await breached(LEAKED[0] as string)).toBe(true)
    expect(await breached(LEAKED[2] as string)).toBe(false)
    t.close()
  })

  it('the operator adds to the shared corpus with `pwguard corpus add`: every tenant and /range see it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-corpus-add-'))
    const corpusDir = join(dir, 'corpus')
    const live = openSqliteLiveBreachStore(liveBreachFile(corpusDir))
    const t = createTestApp({ deps: { liveBreach: live } })
    const tenantA = await t.keyFor('site-a', ['check'])
    const tenantB = await t.keyFor('site-b', ['check'])
    const file = join(dir, 'shared.txt')
    writeFileSync(file, `${sha1Upper(LEAKED[1] as string)}:7\nnot-a-hash\n`)
    const run = spawnSync('node', ['src/entry/pwguard-bin.mjs', 'corpus', 'add', file], {
      env: { ...process.env, PWGUARD_CORPUS: corpusDir, PWGUARD_DB: join(dir, 'pwguard.db') },
      encoding: 'utf8',
    })
    expect(JSON.parse(run.stdout)).toEqual({ lines: 2, added: 1, skipped: 1 })
    t.clock.advance(2_000)
    const sha1 = sha1Upper(LEAKED[1] as string)
    await t.app.request(`/range/${sha1.slice(0, 5)}`) // notices the addition (background refresh)
    const range = await (await t.app.request(`/range/${sha1.slice(0, 5)}`)).text()
    expect(range.split('\r\n')).toContain(`${sha1.slice(5)}:1`)
    for (const key of [tenantA, tenantB]) {
      const check = await t.app.request(
        '/v1/passwords/check',
        jsonRequest('POST', { password: LEAKED[1] }, key),
      )
      expect(await check.json()).toMatchObject({ breach: { breached: true } })
    }
    t.close()
    live.close()
  })
})
