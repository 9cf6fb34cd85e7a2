import { parseRangeBody } from '../../range-body.js'
import type { HashMode, RangeEntry, RangeReader } from '../../range-reader.js'
import { suffixHexDigits } from '../corpus-format.js'

/** The slice of the Workers Cache API (`caches.default`) this reader uses. */
export interface EdgeCache {
  match(key: string): Promise<Response | undefined>
  put(key: string, response: Response): Promise<void>
}

/** Hits and misses since the isolate started: the hit ratio the Worker bench reports. */
export interface EdgeCacheStats {
  hits: number
  misses: number
}

/** How long a colo keeps a range body: a version never changes, its key names the version. */
const EDGE_MAX_AGE_SECONDS = 2_678_400

/**
 * Puts the Cache API in front of a remote range reader (R2 on Workers), as HIBP puts
 * Cloudflare's cache in front of its storage: a range body is read from R2 once per colo and
 * corpus version, then from the colo's cache. The key names the corpus version, so an updated
 * corpus never serves an old body; live additions are merged above this reader (they never
 * reach R2), so they are never cached here either. `read` (the check's lookup, padding) goes
 * through the same cached body.
 */
export function withEdgeCache(
  reader: RangeReader & { readBody(mode: HashMode, prefix: string): Promise<Uint8Array> },
  cache: EdgeCache,
  stats: EdgeCacheStats = { hits: 0, misses: 0 },
): RangeReader & { readBody(mode: HashMode, prefix: string): Promise<Uint8Array> } {
  const version = reader.version?.().id ?? 'unversioned'
  const readBody = async (mode: HashMode, prefix: string): Promise<Uint8Array> => {
    const key = `https://pwguard-corpus.invalid/${version}/${mode}/${prefix}`
    const hit = await cache.match(key).catch(() => undefined)
    if (hit) {
      stats.hits++
      return new Uint8Array(await hit.arrayBuffer())
    }
    stats.misses++
    const body = await reader.readBody(mode, prefix)
    const headers = { 'cache-control': `public, max-age=${EDGE_MAX_AGE_SECONDS}` }
    // A failed put only costs the next request another R2 read.
    await cache.put(key, new Response(body.slice(), { headers })).catch(() => {})
    return body
  }
  return {
    modes: reader.modes,
    maxRangeRows: (mode) => reader.maxRangeRows(mode),
    ...(reader.version && { version: reader.version.bind(reader) }),
    readBody,
    read: async (mode, prefix): Promise<RangeEntry[]> => {
      const text = new TextDecoder().decode(await readBody(mode, prefix))
      const rows = parseRangeBody(text, suffixHexDigits(mode))
      if (!rows) throw new Error(`cached range ${mode}/${prefix} is not a range body`)
      return [...rows].map(([suffix, count]) => ({ suffix, count }))
    },
  }
}
