import type { BreachFilter, HashMode, RangeEntry, RangeReader } from './range-reader.js'

/**
 * An exact corpus held in maps: for tests and for small live-addition sets. The "filter" is
 * exact too (a Set), so it never answers a false positive.
 */
export function createMemoryCorpus(
  hashes: { sha1: string; count?: number; ntlm?: string }[] = [],
): { reader: RangeReader; filter: BreachFilter } {
  const ranges: Record<HashMode, Map<string, Map<string, number>>> = {
    sha1: new Map(),
    ntlm: new Map(),
  }
  const members = new Set<string>()
  const put = (mode: HashMode, hex: string, count: number) => {
    const upper = hex.toUpperCase()
    const prefix = upper.slice(0, 5)
    const rows = ranges[mode].get(prefix) ?? new Map<string, number>()
    rows.set(upper.slice(5), (rows.get(upper.slice(5)) ?? 0) + count)
    ranges[mode].set(prefix, rows)
  }
  for (const hash of hashes) {
    put('sha1', hash.sha1, hash.count ?? 1)
    members.add(hash.sha1.toUpperCase())
    if (hash.ntlm) put('ntlm', hash.ntlm, hash.count ?? 1)
  }
  const modes = new Set<HashMode>(['sha1'])
  if (ranges.ntlm.size > 0) modes.add('ntlm')
  // One id per corpus object, so every answerer over it (app route, Node fast path) agrees.
  const version = { id: `mem${Math.random().toString(36).slice(2, 10)}`, modifiedAt: Date.now() }
  const reader: RangeReader = {
    modes,
    version: () => version,
    maxRangeRows: (mode) => Math.max(0, ...[...ranges[mode].values()].map((rows) => rows.size)),
    read: async (mode, prefix) =>
      [...(ranges[mode].get(prefix)?.entries() ?? [])]
        .map(([suffix, count]): RangeEntry => ({ suffix, count }))
        .sort((a, b) => (a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0)),
  }
  const filter: BreachFilter = {
    mightContain: (sha1Hex) => members.has(sha1Hex.toUpperCase()),
    add: (sha1Hex) => void members.add(sha1Hex.toUpperCase()),
  }
  return { reader, filter }
}
