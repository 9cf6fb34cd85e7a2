import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createKeyedHash } from '../../src/crypto/keyed-hash.js'
import { EMAIL_INDEX_PURPOSE } from '../../src/crypto/secret-keys.js'
import { ndjson } from '../support/accounts-fixtures.js'
import { TEST_SECRET, createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * Ingest looks an e-mail up by its current index first and by the pre-v2 index only for the
 * addresses that missed: both kinds of rows are still matched.
 */
describe('exposure ingest by e-mail index', () => {
  const t = createTestApp()
  afterAll(() => t.close())

  it('matches accounts on the current and on the pre-v2 e-mail index', async () => {
    const admin = await t.keyFor('clinic', ['admin'])
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([
        {
          externalId: 'current',
          email: 'now@example.be',
          hash: '$1$saltsalt$NuzA7WTAelpl95xgBGWN60',
        },
        { externalId: 'old', email: 'old@example.be', hash: '$1$saltsalt$NuzA7WTAelpl95xgBGWN60' },
      ]),
    })
    expect(imported.status).toBe(200)
    const v1 = createKeyedHash(TEST_SECRET, EMAIL_INDEX_PURPOSE).hexSync('old@example.be')
    await t.driver.db.run(sql`UPDATE accounts SET email_index = ${v1} WHERE external_id = 'old'`)
    const created = await t.app.request(
      '/v1/incidents',
      jsonRequest(
        'POST',
        { name: 'x', detectedAt: new Date(t.clock.now()).toISOString(), dataClasses: ['email'] },
        admin,
      ),
    )
    const { id } = (await created.json()) as { id: string }
    const res = await t.app.request(`/v1/incidents/${id}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([
        { email: 'Now@example.be' },
        { email: 'old@example.be' },
        { email: 'nobody@example.be' },
      ]),
    })
    expect(await res.json()).toMatchObject({ records: 3, matched: 2, unmatched: 1 })
    const old = await t.app.request('/v1/accounts/old', { headers: admin })
    expect(await old.json()).toMatchObject({
      exposures: [expect.objectContaining({ incidentId: id })],
    })
  })
})
