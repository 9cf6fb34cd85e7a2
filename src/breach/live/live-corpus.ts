import { formatRangeBody } from '../range-body.js'
import type { BreachFilter, HashMode, RangeEntry, RangeReader } from '../range-reader.js'
import { createTenantAdditions, type TenantAdditions } from './tenant-additions.js'
import {
  bySuffix,
  type LiveBreachEntry,
  type LiveBreachStore,
  type LiveDigest,
} from './live-breach-store.js'

/**
 * The built corpus with the shared live additions (the operator's) merged in, as /range and
 * every tenant see it, plus each tenant's own additions on the side.
 */
export interface LiveCorpus {
  reader: RangeReader
  filter: BreachFilter
  /** Adds exposed passwords: durable in the store, visible to the filter and /range at once. */
  addExposed(entries: readonly LiveBreachEntry[], now: number): Promise<LiveDigest[]>
  /** Each tenant's own additions: seen by that tenant's checks only, never by /range. */
  tenants: TenantAdditions
}

const PREFIXES = 1 << 20

/**
 * Wraps the built corpus so reads return base + live rows (counts summed per suffix) and the
 * filter knows every live SHA-1. Per prefix, a counter array says whether any live row exists,
 * so the range hot path (and its one-read `readBody`) is untouched for the ~all prefixes
 * without live rows. Additions made by another process are picked up at most `refreshMs` later.
 */
export function createLiveCorpus(
  base: { reader: RangeReader; filter: BreachFilter },
  live: LiveBreachStore,
  {
    refreshMs = 1_000,
    now = () => Date.now(),
    tenantQuota,
  }: { refreshMs?: number; now?: () => number; tenantQuota?: number } = {},
): LiveCorpus {
  const rowsPerPrefix: Partial<Record<HashMode, Uint32Array>> = {}
  const maxLive: Record<HashMode, number> = { sha1: 0, ntlm: 0 }
  let cursor = 0
  let checkedAt = now()
  let applied = 0
  const apply = (digest: LiveDigest) => {
    applied += 1
    if (digest.mode === 'sha1') base.filter.add(digest.hex)
    const counts = (rowsPerPrefix[digest.mode] ??= new Uint32Array(PREFIXES))
    const index = Number.parseInt(digest.hex.slice(0, 5), 16)
    counts[index] = (counts[index] ?? 0) + 1
    maxLive[digest.mode] = Math.max(maxLive[digest.mode], counts[index] ?? 0)
  }
  let pending: Promise<void> | null = null
  // Synchronous stores (SQLite, memory) are replayed in the same tick; an async one is never
  // replayed twice at once, or a digest would be counted twice.
  const catchUp = (): Promise<void> => {
    if (pending) return pending.catch(() => {}).then(catchUp)
    const next = live.since(cursor, apply)
    if (typeof next === 'number') {
      cursor = next
      return Promise.resolve()
    }
    // A failed replay (database away) leaves the cursor where it was: the next one retries.
    pending = next
      .then((value) => {
        cursor = value
      })
      .finally(() => {
        pending = null
      })
    return pending
  }
  // Background replays must not surface as unhandled rejections (they end a Node process).
  const catchUpQuietly = () => void catchUp().catch(() => {})
  const refresh = () => {
    if (now() - checkedAt < refreshMs) return
    checkedAt = now()
    catchUpQuietly()
  }
  const hasLive = (mode: HashMode, prefix: string) => {
    refresh()
    const counts = rowsPerPrefix[mode]
    return counts !== undefined && (counts[Number.parseInt(prefix, 16)] ?? 0) > 0
  }
  const baseReadBody = base.reader.readBody?.bind(base.reader)
  const read = async (mode: HashMode, prefix: string): Promise<RangeEntry[]> => {
    const rows = await base.reader.read(mode, prefix)
    if (!hasLive(mode, prefix)) return rows
    return mergeRows(rows, await live.read(mode, prefix))
  }
  const reader: RangeReader = {
    modes: base.reader.modes,
    // An upper bound of the largest merged range: padding must never cut a real row.
    maxRangeRows: (mode) => base.reader.maxRangeRows(mode) + maxLive[mode],
    read,
    // Moves with every live digest applied, including other processes' (after a refresh).
    generation: () => {
      refresh()
      return applied
    },
    // The range API's ETag names the built corpus's version (range-validators.ts).
    ...(base.reader.version && { version: base.reader.version.bind(base.reader) }),
    ...(base.reader.mapsBodies && { mapsBodies: true }),
    ...(baseReadBody && {
      readBody: (mode: HashMode, prefix: string) =>
        hasLive(mode, prefix)
          ? read(mode, prefix).then(formatRangeBody)
          : baseReadBody(mode, prefix),
    }),
  }
  const filter: BreachFilter = {
    mightContain: (sha1Hex) => {
      refresh()
      return base.filter.mightContain(sha1Hex)
    },
    add: (sha1Hex) => base.filter.add(sha1Hex),
  }
  const tenants = createTenantAdditions(live, {
    refreshMs,
    now,
    ...(tenantQuota !== undefined && { quota: tenantQuota }),
  })
  catchUpQuietly()
  // Pushed changes (another instance's additions) apply at once, whether or not traffic comes.
  live.watch?.((tenantId) => {
    tenants.forget(tenantId)
    if (tenantId === null) catchUpQuietly()
  })
  return {
    reader,
    filter,
    tenants,
    async addExposed(entries, at) {
      const fresh = await live.add(entries, at)
      await catchUp()
      return fresh
    },
  }
}

/** Merges two suffix-sorted row lists, summing the counts of a suffix present in both. */
export function mergeRows(base: readonly RangeEntry[], live: readonly RangeEntry[]): RangeEntry[] {
  if (live.length === 0) return [...base]
  const counts = new Map<string, number>()
  for (const row of base) counts.set(row.suffix, row.count)
  for (const row of live) counts.set(row.suffix, (counts.get(row.suffix) ?? 0) + row.count)
  return [...counts].map(([suffix, count]) => ({ suffix, count })).sort(bySuffix)
}
