import type { TenantAdditions } from './live/tenant-additions.js'
import type { BreachFilter, RangeReader } from './range-reader.js'
import { sha1Hex } from './sha1-hex.js'
import type { UpstreamRangeClient } from './upstream/upstream-range-client.js'

/** Where a breach answer came from, reported in the check result. */
export type UpstreamStatus = 'not_configured' | 'ok' | 'unavailable'

export interface BreachLookupResult {
  breached: boolean
  /** Times seen: the larger of the local corpus and the upstream (1 for plaintext lists). */
  count: number
  upstream: UpstreamStatus
  /**
   * True when the upstream could not answer and is configured to fail closed: the password is
   * unverified, so the check must refuse it (violation `upstream_unavailable`) and say why.
   */
  failClosed?: boolean
}

/** Answers "was this password breached?" for the check, the signup and the login paths. */
export interface BreachLookup {
  lookupPassword(password: string): Promise<BreachLookupResult>
  lookupSha1(sha1: string): Promise<BreachLookupResult>
  /** The same lookups for one tenant: the shared corpus plus that tenant's own additions. */
  forTenant(tenantId: string | undefined): BreachLookup
}

export interface BreachLookupOptions {
  /** An HIBP-compatible upstream asked after the local corpus (`PWGUARD_UPSTREAM_RANGE_URL`). */
  upstream?: UpstreamRangeClient
}

/**
 * The local corpus first: the filter rejects most passwords in well under a microsecond; a
 * positive is confirmed by reading its exact range, so a filter false positive never refuses
 * anyone. With an upstream, it is asked too (only the 5-hex prefix leaves the host) even when
 * the password is local, because the count decides against a threshold: count = max of both.
 */
export function createBreachLookup(
  corpus: { reader: RangeReader; filter: BreachFilter; tenants?: Pick<TenantAdditions, 'count'> },
  options: BreachLookupOptions = {},
): BreachLookup {
  const sharedCount = async (upper: string): Promise<number> => {
    if (!corpus.filter.mightContain(upper)) return 0
    const suffix = upper.slice(5)
    const rows = await corpus.reader.read('sha1', upper.slice(0, 5))
    return rows.find((row) => row.suffix === suffix)?.count ?? 0
  }
  const build = (tenantId: string | undefined): BreachLookup => {
    const { tenants } = corpus
    const localCount = async (upper: string) =>
      (await sharedCount(upper)) +
      (tenantId !== undefined && tenants ? await tenants.count(tenantId, upper) : 0)
    return lookupsOver(localCount, options.upstream, build)
  }
  return build(undefined)
}

function lookupsOver(
  localCount: (upper: string) => Promise<number>,
  upstream: UpstreamRangeClient | undefined,
  build: (tenantId: string | undefined) => BreachLookup,
): BreachLookup {
  const lookupSha1 = async (sha1: string): Promise<BreachLookupResult> => {
    const upper = sha1.toUpperCase()
    const local = await localCount(upper)
    if (!upstream) return { breached: local > 0, count: local, upstream: 'not_configured' }
    const answer = await upstream.lookupSha1(upper)
    if (answer.status === 'unavailable') {
      const failClosed = upstream.failMode === 'closed'
      return { breached: local > 0, count: local, upstream: 'unavailable', failClosed }
    }
    const count = Math.max(local, answer.count)
    return { breached: count > 0, count, upstream: 'ok' }
  }
  return {
    lookupSha1,
    lookupPassword: async (password) => lookupSha1(await sha1Hex(password)),
    forTenant: build,
  }
}
