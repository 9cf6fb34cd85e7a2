import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readIncidentCounts } from '../../src/console/queries/incident-counts.js'
import {
  readIncidentCounters,
  recountIncidentCounters,
} from '../../src/store/sqlite/sqlite-incident-counters.js'
import { ldapSsha } from '../migration/migration-support.js'
import { MD5_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest()
const SSHA = ldapSsha('kept-pass')

/**
 * The incident page reads one row of counters instead of recounting the exposure rows on every
 * view; ingest, the digest job and forced resets move them in their own atomic batches. After every kind of write, and after the same list
 * again (idempotent) and two uploads racing, the counters equal a recount of the rows.
 */
describe('incident counters', () => {
  const t = createTestApp()
  let admin: Record<string, string>
  let incidentId = ''
  const scope = () => ({ tenantId: 'clinic', incidentId })
  const post = (path: string, body: unknown) =>
    t.app.request(path, jsonRequest('POST', body, admin))
  const upload = (path: string, records: unknown[]) =>
    t.app.request(path, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })
  const dump = [
    { externalId: 'plain', password: MD5_CRYPT.password },
    { externalId: 'plain-wrong', password: 'not it' },
    { externalId: 'string', passwordHash: SSHA },
    { externalId: 'digest', passwordSha1: sha1('digest-pass').toString('hex') },
    { externalId: 'wrapped', passwordSha1: sha1('wrapped-pass').toString('hex') },
    { email: 'stranger@example.org', passwordSha1: sha1('stranger').toString('hex') },
    { email: 'stranger2@example.org' },
  ]
  const expectCountersEqualRecount = async () => {
    const counters = await readIncidentCounters(t.driver.db, scope())
    expect(counters).toEqual(await recountIncidentCounters(t.driver.db, scope()))
    return counters
  }

  beforeAll(async () => {
    admin = await t.keyFor('clinic', ['admin', 'login', 'check'])
    const accounts = [
      { externalId: 'plain', hash: MD5_CRYPT.hash },
      { externalId: 'plain-wrong', hash: MD5_CRYPT.hash },
      { externalId: 'string', hash: SSHA },
      {
        externalId: 'digest',
        hash: sha1('digest-pass').toString('hex'),
        hint: { algorithm: 'sha1' },
      },
      { externalId: 'wrapped', hash: `{SHA}${sha1('wrapped-pass').toString('base64')}` },
    ]
    expect((await upload('/v1/accounts/import', accounts)).status).toBe(200)
    // Imported before fingerprints were kept: only the digest job can prove it once wrapped.
    await t.driver.db.run(
      sql`UPDATE accounts SET import_fingerprint = NULL WHERE external_id = 'wrapped'`,
    )
    expect((await post('/v1/admin/migration/wrap', { maxAccounts: 100 })).status).toBe(200)
    const created = await post('/v1/incidents', {
      name: 'counted',
      detectedAt: new Date(t.clock.now()).toISOString(),
      dataClasses: ['password', 'email'],
    })
    incidentId = ((await created.json()) as { id: string }).id
  })
  afterAll(() => t.close())

  it('equal a recount after ingest, the digest job, resets, a re-ingest and racing uploads', async () => {
    expect((await upload(`/v1/incidents/${incidentId}/exposures`, dump)).status).toBe(200)
    for (let i = 0; i < 100; i++) {
      const job = await t.app.request(`/v1/incidents/${incidentId}/digest-job`, { headers: admin })
      if (((await job.json()) as { state: string }).state === 'done') break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await expectCountersEqualRecount()).toEqual({
      records: 7,
      unmatchedRecords: 2,
      passwordsBlocked: 5,
      accountsExposed: 5,
      passwordMatches: 4,
      matchesPlaintext: 1,
      matchesHashString: 1,
      matchesDigest: 2,
      resetsForced: 0,
    })
    expect(
      (await post(`/v1/incidents/${incidentId}/force-reset`, { scope: 'password_match' })).status,
    ).toBe(200)
    expect((await expectCountersEqualRecount()).resetsForced).toBe(4)
    // The same list again changes nothing; two uploads of a new list racing count it once.
    expect((await upload(`/v1/incidents/${incidentId}/exposures`, dump)).status).toBe(200)
    const more = [{ email: 'late@example.org' }, { externalId: 'plain-wrong', password: 'nope' }]
    const raced = await Promise.all([
      upload(`/v1/incidents/${incidentId}/exposures`, more),
      upload(`/v1/incidents/${incidentId}/exposures`, more),
    ])
    expect(raced.map((res) => res.status)).toEqual([200, 200])
    expect(
      (await post(`/v1/incidents/${incidentId}/force-reset`, { scope: 'exposed' })).status,
    ).toBe(200)
    const counters = await expectCountersEqualRecount()
    expect(counters).toMatchObject({ records: 9, unmatchedRecords: 3, accountsExposed: 5 })
    expect(counters.resetsForced).toBe(5)
    expect(await readIncidentCounts(t.deps.stores.incidents, 'clinic', incidentId)).toEqual({
      records: 9,
      unmatched: 3,
      matched: 5,
      passwordMatches: 4,
      resetsForced: 5,
    })
  })

  it('recounts an incident from before counters existed once, on first read', async () => {
    await t.driver.db.run(sql`DELETE FROM incident_counters`)
    const counters = await expectCountersEqualRecount()
    expect(counters.records).toBe(9)
  })
})
