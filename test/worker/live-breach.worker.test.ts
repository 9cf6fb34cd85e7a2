import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import {
  createD1LiveBreachStore,
  type D1LiveDatabase,
} from '../../src/breach/live/d1-live-breach-store.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

beforeAll(() => seedCorpus())

// SHA-1("exposed in the incident") — not in the seeded corpus.
const SHA1 = '8E9BC2A58EC2F4E4D1D6B1F9DB2CA5E2BB6B0E4D'
const liveDb = (): D1LiveDatabase => testEnv.LIVE_DB

describe('live additions on D1 (LIVE_DB)', () => {
  it('records digests once, counts sightings, and replays them in order', async () => {
    const store = createD1LiveBreachStore(liveDb())
    expect(await store.add([{ sha1: SHA1.toLowerCase(), ntlm: 'AA'.repeat(16) }], 1)).toEqual([
      { mode: 'sha1', hex: SHA1 },
      { mode: 'ntlm', hex: 'AA'.repeat(16) },
    ])
    expect(await store.add([{ sha1: SHA1 }], 2)).toEqual([])
    expect(await store.read('sha1', SHA1.slice(0, 5))).toEqual([
      { suffix: SHA1.slice(5), count: 2 },
    ])
    const seen: string[] = []
    const cursor = await store.since(0, (digest) => seen.push(`${digest.mode}:${digest.hex}`))
    expect(seen).toEqual([`sha1:${SHA1}`, `ntlm:${'AA'.repeat(16)}`])
    expect(await store.since(cursor, () => seen.push('again'))).toBe(cursor)
  })

  // Shared additions are the operator's (`pwguard corpus add`); a tenant's incident additions
  // stay with that tenant (other sites must not see it) and never reach /range.
  it('serves shared additions made elsewhere through /range of another isolate, never a tenant addition', async () => {
    const handler = createWorkerHandler(argon2Wasm)
    const range = async () =>
      (
        await handler.fetch(new Request(`http://pwguard.test/range/${SHA1.slice(0, 5)}`), testEnv)
      ).text()
    expect(await range()).toContain(`${SHA1.slice(5)}:`)
    const other = '8E9BC' + 'F'.repeat(35)
    const tenants = '8E9BC' + 'E'.repeat(35)
    await createD1LiveBreachStore(liveDb()).addForTenant('site-x', [{ sha1: tenants }], 3, 10)
    await createD1LiveBreachStore(liveDb()).add([{ sha1: other }], 3)
    // The live corpus re-reads the store at most once a second, in the background: poll.
    let body = ''
    for (let i = 0; i < 40 && !body.includes('F'.repeat(35)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      body = await range()
    }
    expect(body).toContain(`${'F'.repeat(35)}:1`)
    expect(body).not.toContain('E'.repeat(35))
  })

  it("keeps a tenant's additions to that tenant, within its quota, out of /range", async () => {
    const store = createD1LiveBreachStore(liveDb())
    const mine = '7A1B2' + 'C'.repeat(35)
    const more = '7A1B2' + 'D'.repeat(35)
    expect(await store.addForTenant('site-a', [{ sha1: mine }, { sha1: more }], 4, 1)).toEqual({
      added: 1,
      refused: 1,
      size: 1,
    })
    expect(await store.addForTenant('site-a', [{ sha1: mine }], 5, 1)).toMatchObject({ refused: 0 })
    expect(await store.tenantCount('site-a', 'sha1', mine)).toBe(2)
    expect(await store.tenantCount('site-b', 'sha1', mine)).toBe(0)
    expect(await store.tenantSize('site-a')).toBe(1)
    expect(await store.read('sha1', '7A1B2')).toEqual([])
    const seen: string[] = []
    await store.since(0, (digest) => seen.push(digest.hex))
    expect(seen).not.toContain(mine)
  })
})
