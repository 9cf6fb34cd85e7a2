import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLiveCorpus, mergeRows } from '../../../src/breach/live/live-corpus.js'
import {
  createMemoryLiveBreachStore,
  type LiveBreachStore,
} from '../../../src/breach/live/live-breach-store.js'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../../../src/breach/live/sqlite-live-breach-store-node.js'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { formatRangeBody } from '../../../src/breach/range-body.js'
import type { RangeReader } from '../../../src/breach/range-reader.js'

const BASE = 'ABCDE' + '1'.repeat(35)
const LIVE = 'ABCDE' + '2'.repeat(35)
const OTHER = 'FFFFF' + '3'.repeat(35)
const NTLM = '0123456789ABCDEF0123456789ABCDEF'

/** A base corpus with the range route's one-read fast path, as the file reader has. */
function baseWithReadBody() {
  const base = createMemoryCorpus([{ sha1: BASE, count: 5 }])
  const reader: RangeReader = {
    ...base.reader,
    readBody: (mode, prefix) => base.reader.read(mode, prefix).then(formatRangeBody),
  }
  return { reader, filter: base.filter }
}

const stores: [string, () => LiveBreachStore][] = [
  ['memory', createMemoryLiveBreachStore],
  [
    'sqlite',
    () => openSqliteLiveBreachStore(join(mkdtempSync(join(tmpdir(), 'pwguard-live-')), 'l.sqlite')),
  ],
]

describe.each(stores)('live corpus over the %s store', (_name, openStore) => {
  it('merges live rows into reads, bodies, the filter and the padding bound', async () => {
    const corpus = createLiveCorpus(baseWithReadBody(), openStore())
    expect(corpus.filter.mightContain(LIVE)).toBe(false)
    const fresh = await corpus.addExposed([{ sha1: LIVE, ntlm: NTLM }, { sha1: BASE }], 1)
    expect(fresh.map((digest) => digest.mode).sort()).toEqual(['ntlm', 'sha1', 'sha1'])
    expect(corpus.filter.mightContain(LIVE.toLowerCase())).toBe(true)
    expect(await corpus.reader.read('sha1', 'ABCDE')).toEqual([
      { suffix: '1'.repeat(35), count: 6 },
      { suffix: '2'.repeat(35), count: 1 },
    ])
    const body = new TextDecoder().decode(await corpus.reader.readBody!('sha1', 'ABCDE'))
    expect(body).toBe(`${'1'.repeat(35)}:6\r\n${'2'.repeat(35)}:1`)
    expect(corpus.reader.maxRangeRows('sha1')).toBe(1 + 2)
    // The same password exposed again is one more sighting, not a new digest.
    expect(await corpus.addExposed([{ sha1: LIVE }], 2)).toEqual([])
    expect(await corpus.reader.read('sha1', 'ABCDE')).toContainEqual({
      suffix: '2'.repeat(35),
      count: 2,
    })
    expect(await corpus.reader.read('sha1', 'FFFFF')).toEqual([])
    expect(await corpus.reader.read('ntlm', '01234')).toEqual([{ suffix: NTLM.slice(5), count: 1 }])
  })

  it('replays a store filled earlier (start-up) into the filter and the prefix index', async () => {
    const store = openStore()
    await store.add([{ sha1: OTHER }], 1)
    const corpus = createLiveCorpus(createMemoryCorpus(), store)
    expect(corpus.filter.mightContain(OTHER)).toBe(true)
    expect(await corpus.reader.read('sha1', 'FFFFF')).toEqual([
      { suffix: '3'.repeat(35), count: 1 },
    ])
  })
})

describe('sqlite live store', () => {
  it('lives beside the corpus folder, not inside it (a rebuild replaces the folder)', () => {
    expect(liveBreachFile('/srv/data/corpus')).toBe('/srv/data/corpus.live.sqlite')
    expect(liveBreachFile('/srv/data/corpus/')).toBe('/srv/data/corpus.live.sqlite')
  })

  it('sees another connection’s additions after the refresh interval', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pwguard-live-')), 'l.sqlite')
    let now = 0
    const corpus = createLiveCorpus(createMemoryCorpus(), openSqliteLiveBreachStore(file), {
      refreshMs: 1_000,
      now: () => now,
    })
    const writer = openSqliteLiveBreachStore(file)
    await writer.add([{ sha1: OTHER }], 1)
    expect(corpus.filter.mightContain(OTHER)).toBe(false)
    now = 1_500
    expect(corpus.filter.mightContain(OTHER)).toBe(true)
    writer.close()
  })
})

describe('mergeRows', () => {
  it('sums counts of shared suffixes and keeps suffix order', () => {
    expect(
      mergeRows(
        [
          { suffix: 'A', count: 1 },
          { suffix: 'C', count: 3 },
        ],
        [
          { suffix: 'B', count: 2 },
          { suffix: 'C', count: 1 },
        ],
      ),
    ).toEqual([
      { suffix: 'A', count: 1 },
      { suffix: 'B', count: 2 },
      { suffix: 'C', count: 4 },
    ])
  })
})
