/**
 * Default budget for formatted range bodies: ~400 HIBP-density ranges of ~40 KB, small enough
 * for a Worker isolate's 128 MB.
 */
export const DEFAULT_BODY_CACHE_BYTES = 16 * 1024 * 1024

/**
 * Formatted unpadded range bodies, least recently used out first, bounded in bytes. Range
 * traffic is skewed (people pick the same weak passwords, so the same prefixes come back), which
 * is why HIBP sits behind a CDN; this is that cache in-process. The corpus is immutable while
 * the service runs, except through live additions: the answerer clears it when the reader's
 * `generation()` moves.
 */
export interface RangeBodyCache {
  get(key: string): Uint8Array<ArrayBuffer> | undefined
  set(key: string, body: Uint8Array<ArrayBuffer>): void
  clear(): void
  readonly bytes: number
}

export function createRangeBodyCache(maxBytes = DEFAULT_BODY_CACHE_BYTES): RangeBodyCache {
  const entries = new Map<string, Uint8Array<ArrayBuffer>>()
  let bytes = 0
  return {
    get(key) {
      const body = entries.get(key)
      if (body === undefined) return undefined
      // Re-inserting moves the key to the end: Map order is then least → most recently used.
      entries.delete(key)
      entries.set(key, body)
      return body
    },
    set(key, fresh) {
      if (fresh.byteLength > maxBytes) return
      // A view into a larger allocation (a Buffer pool slab) would keep all of it alive: copy.
      // (`new Uint8Array(view)` copies; a Buffer's `slice` would not.)
      const body = fresh.buffer.byteLength > fresh.byteLength * 2 ? new Uint8Array(fresh) : fresh
      const previous = entries.get(key)
      if (previous) bytes -= previous.byteLength
      entries.delete(key)
      entries.set(key, body)
      bytes += body.byteLength
      for (const [oldKey, oldBody] of entries) {
        if (bytes <= maxBytes) break
        entries.delete(oldKey)
        bytes -= oldBody.byteLength
      }
    },
    clear() {
      entries.clear()
      bytes = 0
    },
    get bytes() {
      return bytes
    },
  }
}
