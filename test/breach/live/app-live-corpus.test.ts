import { describe, expect, it } from 'vitest'
import { appLiveCorpus } from '../../../src/breach/live/app-live-corpus.js'
import { createMemoryLiveBreachStore } from '../../../src/breach/live/live-breach-store.js'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'

// Every entry (Node and Worker) wraps its corpus through appLiveCorpus: the Worker once wrapped
// it without the quota, so a tenant's incident lists could grow its additions without bound.
describe('appLiveCorpus', () => {
  const clock = { now: () => 1_700_000_000_000 }
  const digests = ['A', 'B', 'C'].map((c) => ({ sha1: `7A1B2${c.repeat(35)}` }))

  it("holds each tenant's additions to the configured quota", async () => {
    const corpus = appLiveCorpus(createMemoryCorpus(), createMemoryLiveBreachStore(), {
      clock,
      settings: { tenantCorpusQuota: 2 },
    })
    const result = await corpus.tenants.add('site-a', digests, clock.now())
    expect(result).toMatchObject({ added: 2, refused: 1 })
  })

  it('adds without a bound only when no quota is configured', async () => {
    const corpus = appLiveCorpus(createMemoryCorpus(), createMemoryLiveBreachStore(), {
      clock,
      settings: {},
    })
    expect(await corpus.tenants.add('site-a', digests, clock.now())).toMatchObject({ added: 3 })
  })
})
