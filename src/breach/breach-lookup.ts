import type { BreachFilter, RangeReader } from './range-reader.js'
import { sha1Hex } from './sha1-hex.js'

/** Where a breach answer came from, reported in the check result. */
export type UpstreamStatus = 'not_configured' | 'ok' | 'unavailable'

export interface BreachLookupResult {
  breached: boolean
  /** Times seen in the corpus (1 for plaintext lists without counts). */
  count: number
  upstream: UpstreamStatus
}

/** Answers "was this password breached?" for the check, the signup and the login paths. */
export interface BreachLookup {
  lookupPassword(password: string): Promise<BreachLookupResult>
  lookupSha1(sha1: string): Promise<BreachLookupResult>
}

/**
 * The local corpus: the filter rejects most passwords in well under a microsecond; a positive
 * is confirmed by reading its exact range, so a filter false positive never refuses anyone.
 */
export function createBreachLookup(corpus: {
  reader: RangeReader
  filter: BreachFilter
}): BreachLookup {
  const lookupSha1 = async (sha1: string): Promise<BreachLookupResult> => {
    const upper = sha1.toUpperCase()
    if (!corpus.filter.mightContain(upper))
      return { breached: false, count: 0, upstream: 'not_configured' }
    const suffix = upper.slice(5)
    const rows = await corpus.reader.read('sha1', upper.slice(0, 5))
    const count = rows.find((row) => row.suffix === suffix)?.count ?? 0
    return { breached: count > 0, count, upstream: 'not_configured' }
  }
  return {
    lookupSha1,
    lookupPassword: async (password) => lookupSha1(await sha1Hex(password)),
  }
}
