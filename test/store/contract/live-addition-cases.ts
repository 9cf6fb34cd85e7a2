import { expect, it } from 'vitest'
import type { LiveDigest } from '../../../src/breach/live/live-breach-store.js'
import type { ContractBackend, OpenedBackend, OpenedLiveStore } from './backends.js'

const sha1 = (prefix: string, fill: string) => `${prefix}${fill.repeat(35)}`
const A = sha1('ABCDE', '1')
const B = sha1('ABCDE', '2')
const NEXT_PREFIX = sha1('ABCDF', '0')
const NTLM = '0123456789ABCDEF0123456789ABCDEF'

/** Replays everything after `cursor`; resolves to the digests and the new cursor. */
async function replay(store: OpenedLiveStore, cursor: number) {
  const seen: LiveDigest[] = []
  const next = await store.since(cursor, (digest) => seen.push(digest))
  return { seen, next }
}

/** The live-additions contract: shared rows, replay by cursor, tenants' own rows and quota. */
export function liveAdditionCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const open = async () => {
    const opened = backend().openLive
    if (!opened) throw new Error(`${kind.name} has no live store`)
    return opened()
  }

  it('adds digests once, counts sightings and reads one prefix sorted by suffix', async () => {
    const live = await open()
    const fresh = await live.add([{ sha1: B.toLowerCase(), ntlm: NTLM }, { sha1: NEXT_PREFIX }], 1)
    expect(fresh).toHaveLength(3)
    // A digest twice in one call is two sightings and one new digest, as on every backend.
    expect(await live.add([{ sha1: A }, { sha1: A }, { sha1: B }], 2)).toEqual([
      { mode: 'sha1', hex: A },
    ])
    expect(await live.read('sha1', 'ABCDE')).toEqual([
      { suffix: '1'.repeat(35), count: 2 },
      { suffix: '2'.repeat(35), count: 2 },
    ])
    expect(await live.read('ntlm', '01234')).toEqual([{ suffix: NTLM.slice(5), count: 1 }])
    expect(await live.read('sha1', '00000')).toEqual([])
  })

  it('replays additions after a cursor, in order, to any instance', async () => {
    const first = await open()
    const second = await open()
    await first.add([{ sha1: A }], 1)
    const start = await replay(second, 0)
    expect(start.seen).toEqual([{ mode: 'sha1', hex: A }])
    await second.add([{ sha1: B }, { sha1: A }], 2)
    const after = await replay(first, start.next)
    expect(after.seen).toEqual([{ mode: 'sha1', hex: B }])
    expect(after.next).toBeGreaterThan(start.next)
    expect((await replay(first, after.next)).seen).toEqual([])
  })

  it("keeps a tenant's additions to that tenant, within its quota", async () => {
    const live = await open()
    expect(await live.addForTenant('acme', [{ sha1: A }, { sha1: B }], 1, 1)).toEqual({
      added: 1,
      refused: 1,
      size: 1,
    })
    // Held already: one more sighting, not a new password, so the full quota refuses nothing.
    expect(await live.addForTenant('acme', [{ sha1: A.toLowerCase() }], 2, 1)).toEqual({
      added: 0,
      refused: 0,
      size: 1,
    })
    expect(await live.tenantCount('acme', 'sha1', A.toLowerCase())).toBe(2)
    expect(await live.tenantCount('acme', 'sha1', B)).toBe(0)
    expect(await live.tenantCount('other', 'sha1', A)).toBe(0)
    expect(await live.tenantSize('acme')).toBe(1)
    expect(await live.tenantSize('other')).toBe(0)
    expect(await live.read('sha1', 'ABCDE')).toEqual([])
    expect((await replay(live, 0)).seen).toEqual([])
  })

  it('never skips a digest committed while another instance replays', async () => {
    const writers = [await open(), await open()]
    const reader = await open()
    const seen = new Set<string>()
    let cursor = 0
    let writing = true
    const replaying = (async () => {
      while (writing) {
        const step = await replay(reader, cursor)
        for (const digest of step.seen) seen.add(digest.hex)
        cursor = step.next
      }
    })()
    const batches = Array.from({ length: 20 }, (_, i) => i)
    const added = batches.map((i) =>
      Array.from({ length: 5 }, (_, j) => ({
        sha1: sha1((10_000 + i * 5 + j).toString(16).toUpperCase().padStart(5, '0'), 'A'),
      })),
    )
    await Promise.all(batches.map((i) => writers[i % 2]!.add(added[i]!, i)))
    writing = false
    await replaying
    for (const digest of (await replay(reader, cursor)).seen) seen.add(digest.hex)
    expect(seen.size).toBe(100)
  })

  it.runIf(kind.concurrent)(
    'holds the quota under concurrent additions of one tenant',
    async () => {
      const instances = [await open(), await open(), await open()]
      const results = await Promise.all(
        instances.map((live, i) =>
          live.addForTenant(
            'acme',
            [{ sha1: sha1('0000' + i, 'B') }, { sha1: sha1('1111' + i, 'B') }],
            1,
            3,
          ),
        ),
      )
      expect(results.reduce((sum, result) => sum + result.added, 0)).toBe(3)
      expect(await instances[0]!.tenantSize('acme')).toBe(3)
    },
  )
}
