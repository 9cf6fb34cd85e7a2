import type { Clock } from '../../ports/clock.js'

/** A bounded least-recently-used cache whose entries also expire after a fixed time. */
export interface LruTtlCache<V> {
  get(key: string): V | undefined
  set(key: string, value: V): void
  readonly size: number
}

/**
 * A Map keeps insertion order, so re-inserting on every hit makes its first key the least
 * recently used one: eviction is O(1) with no linked list. `ttlMs` 0 disables caching.
 */
export function createLruTtlCache<V>(options: {
  maxEntries: number
  ttlMs: number
  clock: Clock
}): LruTtlCache<V> {
  const { maxEntries, ttlMs, clock } = options
  const entries = new Map<string, { value: V; expiresAt: number }>()
  return {
    get(key) {
      const entry = entries.get(key)
      if (!entry) return undefined
      entries.delete(key)
      if (entry.expiresAt <= clock.now()) return undefined
      entries.set(key, entry)
      return entry.value
    },
    set(key, value) {
      if (ttlMs <= 0 || maxEntries <= 0) return
      entries.delete(key)
      entries.set(key, { value, expiresAt: clock.now() + ttlMs })
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string
        entries.delete(oldest)
      }
    },
    get size() {
      return entries.size
    },
  }
}
