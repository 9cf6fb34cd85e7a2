import type { HashMode, RangeReader } from './range-reader.js'
import { etagMatches, httpDate, rangeEtag } from './range-validators.js'

/** The validators of the corpus as it is now: one object per (version, generation). */
export interface RangeValidators {
  versionId: string
  lastModified: string
  etag(mode: HashMode, prefix: string, padded: boolean): string
  notModified(etag: string, ifNoneMatch?: string | null, ifModifiedSince?: string | null): boolean
}

/**
 * Tracks the reader's version and live-additions generation and hands out the validators for
 * the current pair. When either moves, Last-Modified becomes "now" (the moment this process saw
 * the change) and `onChange` runs, so caches of formatted bodies are dropped.
 */
export function createRangeValidators(
  reader: RangeReader,
  fallbackId: string,
  now: () => number,
  onChange: () => void,
): { current(): RangeValidators } {
  let versionId = ''
  let generation = -1
  let state: RangeValidators | undefined
  const build = (id: string, gen: number, modifiedAt: number): RangeValidators => {
    const lastModifiedMs = Math.floor(modifiedAt / 1000) * 1000
    const lastModified = httpDate(lastModifiedMs)
    return {
      versionId: id,
      lastModified,
      etag: (mode, prefix, padded) => rangeEtag(id, gen, mode, prefix, padded),
      notModified(etag, ifNoneMatch, ifModifiedSince) {
        // RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only counts without it.
        if (ifNoneMatch) return etagMatches(ifNoneMatch, etag)
        if (!ifModifiedSince) return false
        const since = Date.parse(ifModifiedSince)
        return Number.isFinite(since) && lastModifiedMs <= since
      },
    }
  }
  return {
    current() {
      const version = reader.version?.()
      const id = version?.id ?? fallbackId
      const gen = reader.generation?.() ?? 0
      if (state && id === versionId && gen === generation) return state
      const first = state === undefined
      const modifiedAt = first && gen === 0 ? (version?.modifiedAt ?? now()) : now()
      versionId = id
      generation = gen
      state = build(id, gen, Math.max(modifiedAt, version?.modifiedAt ?? 0))
      if (!first) onChange()
      return state
    },
  }
}
