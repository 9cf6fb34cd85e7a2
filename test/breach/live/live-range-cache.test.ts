import { expect, it } from 'vitest'
import { sha1Upper } from '../../support/accounts-fixtures.js'
import { createMemoryLiveBreachStore } from '../../../src/breach/live/live-breach-store.js'
import { createTestApp } from '../../support/test-app.js'
import { createIncident, ingestExposures } from '../../support/admin-requests.js'

it("a cached range shows the operator's addition, never a tenant's incident list", async () => {
  const live = createMemoryLiveBreachStore()
  const t = createTestApp({ deps: { liveBreach: live } })
  const admin = await t.keyFor('clinic', ['admin'])
  const password = 'freshly-leaked-password-123'
  const sha1 = sha1Upper(password)
  const range = async () => (await t.app.request(`/range/${sha1.slice(0, 5)}`)).text()
  expect(await range()).not.toContain(sha1.slice(5))
  expect(await range()).not.toContain(sha1.slice(5)) // now served from the body cache
  const id = await createIncident(t, admin, { detectedAt: new Date(t.clock.now()).toISOString() })
  const ingest = await ingestExposures(t, admin, id, [{ password }])
  expect(ingest.status).toBe(200)
  t.clock.advance(2_000)
  expect(await range()).not.toContain(sha1.slice(5))
  // The operator's addition (pwguard corpus add) goes to the shared rows: served at once.
  await live.add([{ sha1 }], t.clock.now())
  t.clock.advance(2_000)
  await range() // this read notices the addition (the refresh runs in the background)
  expect((await range()).split('\r\n')).toContain(`${sha1.slice(5)}:1`)
  t.close()
})
