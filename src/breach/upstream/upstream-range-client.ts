import type { Clock } from '../../ports/clock.js'
import { systemClock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import { parseRangeBody } from '../range-body.js'
import { type CompactRange, compactRange, countInCompactRange } from './compact-range.js'
import { createLruTtlCache } from './lru-ttl-cache.js'
import { readCappedText } from './read-capped-text.js'
import { upstreamRangeUrl } from './upstream-range-url.js'

/** The fetch a runtime provides (global fetch on Node 20 and Workers); injected for tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export type UpstreamFailMode = 'open' | 'closed'

/** What the upstream said about one hash; unavailability is an expected outcome, not a throw. */
export type UpstreamAnswer =
  | { status: 'ok'; count: number }
  | { status: 'unavailable'; reason: 'timeout' | 'network' | 'http_status' | 'malformed' }

/** A k-anonymity client to any HIBP-compatible range API (HIBP itself, another pwguard). */
export interface UpstreamRangeClient {
  /** `closed`: when the upstream cannot answer, the check must refuse rather than guess. */
  readonly failMode: UpstreamFailMode
  /** Breach count of one SHA-1 (40 hex, either case); only its 5-hex prefix leaves the host. */
  lookupSha1(sha1: string): Promise<UpstreamAnswer>
}

export interface UpstreamRangeClientOptions {
  url: string
  timeoutMs: number
  failMode: UpstreamFailMode
  cacheTtlMs: number
  /** Cached prefixes (default 10,000: ~420 MB worst case at HIBP density, see compact-range). */
  maxEntries?: number
  fetch?: FetchLike
  clock?: Clock
  logger?: Logger
}

/** HIBP's densest padded range is ~50 KB; anything past 2 MiB is not a range. */
const MAX_BODY_BYTES = 2 * 1024 * 1024

type RangeResult = CompactRange | Exclude<UpstreamAnswer, { status: 'ok' }>

/**
 * Builds the client. Every request asks for padding so an observer of the upstream link sees
 * one response size for every prefix; `:0` padding rows are dropped on parse. Ranges are
 * cached per prefix (LRU with TTL) and concurrent asks for one prefix share one request.
 */
export function createUpstreamRangeClient(
  options: UpstreamRangeClientOptions,
): UpstreamRangeClient {
  const { timeoutMs, failMode, logger } = options
  const fetchRange = options.fetch ?? ((url, init) => globalThis.fetch(url, init))
  const cache = createLruTtlCache<CompactRange>({
    maxEntries: options.maxEntries ?? 10_000,
    ttlMs: options.cacheTtlMs,
    clock: options.clock ?? systemClock,
  })
  const inFlight = new Map<string, Promise<RangeResult>>()

  const request = async (prefix: string): Promise<RangeResult> => {
    try {
      const response = await fetchRange(upstreamRangeUrl(options.url, prefix), {
        headers: { 'add-padding': 'true', 'user-agent': 'pwguard', accept: 'text/plain' },
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (response.status !== 200) {
        await response.body?.cancel()
        return unavailable('http_status', { status: response.status })
      }
      const text = await readCappedText(response, MAX_BODY_BYTES)
      const rows = text === null ? null : parseRangeBody(text, 35)
      if (rows === null) return unavailable('malformed')
      const compact = compactRange(rows)
      cache.set(prefix, compact)
      return compact
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      return unavailable(timedOut ? 'timeout' : 'network')
    }
  }

  const unavailable = (
    reason: Extract<UpstreamAnswer, { status: 'unavailable' }>['reason'],
    fields: Record<string, unknown> = {},
  ) => {
    // The prefix is left out of the log: with the time, it narrows down whose password it was.
    logger?.warn('upstream range unavailable', { reason, ...fields })
    return { status: 'unavailable' as const, reason }
  }

  const range = (prefix: string): Promise<RangeResult> => {
    const cached = cache.get(prefix)
    if (cached !== undefined) return Promise.resolve(cached)
    const pending = inFlight.get(prefix)
    if (pending) return pending
    const started = request(prefix).finally(() => inFlight.delete(prefix))
    inFlight.set(prefix, started)
    return started
  }

  return {
    failMode,
    async lookupSha1(sha1) {
      const upper = sha1.toUpperCase()
      const rows = await range(upper.slice(0, 5))
      if (typeof rows !== 'string') return rows
      return { status: 'ok', count: countInCompactRange(rows, upper.slice(5)) }
    },
  }
}
