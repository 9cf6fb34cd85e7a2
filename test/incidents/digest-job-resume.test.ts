import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { ndjson } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp } from '../support/test-app.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest()

it('the digest job resumes after a restart when the same list is uploaded again', async () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-digest-resume-')), 'pwguard.db')
  const real = createNodeArgon2Hasher(TEST_ARGON2)
  // The first server dies mid-job: its verifies never finish.
  const stuck = { ...real, params: real.params, verify: () => new Promise<boolean>(() => {}) }
  const first = createTestApp({ dbFile, deps: { hasher: stuck } })
  const admin = await first.keyFor('clinic', ['admin', 'login'])
  const send = (t: typeof first, path: string, body: string | object, type = 'application/json') =>
    t.app.request(path, {
      method: 'POST',
      headers: { ...admin, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  await send(
    first,
    '/v1/accounts/import',
    ndjson([{ externalId: 'w-1', hash: `{SHA}${sha1('old').toString('base64')}` }]),
    'application/x-ndjson',
  )
  // Changed, then re-imported: the fingerprint cannot vouch, only the job can tell.
  const changed = await send(first, '/v1/accounts/w-1/password', {
    currentPassword: 'old',
    newPassword: 'violet-tractor-harbour-quietly-47',
  })
  expect(changed.status).toBe(204)
  await send(
    first,
    '/v1/accounts/import',
    ndjson([{ externalId: 'w-1', hash: `{SHA}${sha1('leaked').toString('base64')}` }]),
    'application/x-ndjson',
  )
  expect((await send(first, '/v1/admin/migration/wrap', {})).status).toBe(200)
  const created = await send(first, '/v1/incidents', {
    name: 'dump',
    detectedAt: '2026-01-01T00:00:00Z',
    dataClasses: ['password'],
  })
  const { id } = (await created.json()) as { id: string }
  const list = ndjson([{ externalId: 'w-1', passwordSha1: sha1('leaked').toString('hex') }])
  const ingest = await send(first, `/v1/incidents/${id}/exposures`, list, 'application/x-ndjson')
  expect(await ingest.json()).toMatchObject({ digestCandidates: 1, passwordMatches: 0 })
  first.close()

  const second = createTestApp({ dbFile, deps: { hasher: real } })
  const job = async () =>
    (await (
      await second.app.request(`/v1/incidents/${id}/digest-job`, { headers: admin })
    ).json()) as Record<string, unknown>
  expect(await job()).toMatchObject({
    state: 'waiting_for_list',
    candidates: 1,
    checked: 0,
    pending: 1,
  })
  const again = await send(second, `/v1/incidents/${id}/exposures`, list, 'application/x-ndjson')
  expect(await again.json()).toMatchObject({ duplicates: 1, digestCandidates: 1 })
  let state = await job()
  for (let i = 0; i < 100 && state.state !== 'done'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30))
    state = await job()
  }
  expect(state).toMatchObject({ state: 'done', candidates: 1, checked: 1, matched: 1, pending: 0 })
  const account = await second.app.request('/v1/accounts/w-1', { headers: admin })
  expect(await account.json()).toMatchObject({
    exposures: [{ incidentId: id, passwordMatch: true }],
  })
  second.close()
})
