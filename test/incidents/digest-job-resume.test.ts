import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { ndjson } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp } from '../support/test-app.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest()

type TestApp = ReturnType<typeof createTestApp>

describe('the digest job resumes after a restart when the same list is uploaded again', () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-digest-resume-')), 'pwguard.db')
  const real = createNodeArgon2Hasher(TEST_ARGON2)
  const list = ndjson([{ externalId: 'w-1', passwordSha1: sha1('leaked').toString('hex') }])
  let admin: Record<string, string>
  let id: string
  let before: { changed: number; wrap: number; ingest: unknown }
  let second: TestApp
  const send = (t: TestApp, path: string, body: string | object, type = 'application/json') =>
    t.app.request(path, {
      method: 'POST',
      headers: { ...admin, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const importHash = (t: TestApp, hash: string) =>
    send(t, '/v1/accounts/import', ndjson([{ externalId: 'w-1', hash }]), 'application/x-ndjson')
  const job = async () =>
    (await (
      await second.app.request(`/v1/incidents/${id}/digest-job`, { headers: admin })
    ).json()) as Record<string, unknown>

  /** The first server dies mid-job: its verifies never finish. */
  async function firstServer() {
    const stuck = { ...real, params: real.params, verify: () => new Promise<boolean>(() => {}) }
    const first = createTestApp({ dbFile, deps: { hasher: stuck } })
    admin = await first.keyFor('clinic', ['admin', 'login'])
    await importHash(first, `{SHA}${sha1('old').toString('base64')}`)
    // Changed, then re-imported: the fingerprint cannot vouch, only the job can tell.
    const changed = await send(first, '/v1/accounts/w-1/password', {
      currentPassword: 'old',
      newPassword: 'violet-tractor-harbour-quietly-47',
    })
    await importHash(first, `{SHA}${sha1('leaked').toString('base64')}`)
    const wrap = await send(first, '/v1/admin/migration/wrap', {})
    const incident = { name: 'dump', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['password'] }
    id = ((await (await send(first, '/v1/incidents', incident)).json()) as { id: string }).id
    const ingest = await send(first, `/v1/incidents/${id}/exposures`, list, 'application/x-ndjson')
    before = { changed: changed.status, wrap: wrap.status, ingest: await ingest.json() }
    first.close()
  }

  beforeAll(async () => {
    await firstServer()
    second = createTestApp({ dbFile, deps: { hasher: real } })
  })
  afterAll(() => second?.close())

  it('the first server queues the wrapped account as a digest candidate', () => {
    expect(before.changed).toBe(204)
    expect(before.wrap).toBe(200)
    expect(before.ingest).toMatchObject({ digestCandidates: 1, passwordMatches: 0 })
  })

  it('after the restart, the job waits for the list', async () => {
    expect(await job()).toMatchObject({
      state: 'waiting_for_list',
      candidates: 1,
      checked: 0,
      pending: 1,
    })
  })

  it('the same list uploaded again resumes the job, which finds the match', async () => {
    const again = await send(second, `/v1/incidents/${id}/exposures`, list, 'application/x-ndjson')
    expect(await again.json()).toMatchObject({ duplicates: 1, digestCandidates: 1 })
    let state = await job()
    for (let i = 0; i < 100 && state.state !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30))
      state = await job()
    }
    expect(state).toMatchObject({ state: 'done', candidates: 1, checked: 1, matched: 1 })
    expect(state).toMatchObject({ pending: 0 })
    const account = await second.app.request('/v1/accounts/w-1', { headers: admin })
    expect(await account.json()).toMatchObject({
      exposures: [{ incidentId: id, passwordMatch: true }],
    })
  })
})
