import { type CorsPolicy, createCorsPolicy } from '../http/cors-policy.js'
import type { RangeBodySource } from '../meta/fleet-ports.js'
import type { Random } from '../ports/random.js'
import { SUFFIX_LENGTH, formatRangeBody, normalizePrefix } from './range-body.js'
import { createRangeBodyCache } from './range-body-cache.js'
import type { RangeErrorCode } from './range-errors.js'
import { createPaddingTarget, padRange } from './range-padding.js'
import { createPaddingStream } from './range-padding-stream.js'
import type { HashMode, RangeReader } from './range-reader.js'
import { createRangeValidators } from './range-validator-state.js'

/** HIBP's own cache lifetime for a range: 31 days. */
export const RANGE_MAX_AGE_SECONDS = 2_678_400

export type RangeAnswer =
  | {
      ok: true
      status: 200 | 304
      /** Empty on a 304. */
      body: Uint8Array<ArrayBuffer>
      /** A fresh object per answer: the caller may add to it (Content-Length). */
      headers: Record<string, string>
    }
  | { ok: false; code: RangeErrorCode }

type Answer = RangeAnswer | Promise<RangeAnswer>

/** The request fields a range answer depends on (path prefix, `mode`, two headers). */
export interface RangeQuestion {
  prefix: string
  mode: string | null | undefined
  addPadding: string | null | undefined
  ifNoneMatch?: string | null | undefined
  ifModifiedSince?: string | null | undefined
  /** The request's Origin: echoed when the CORS policy lists it. */
  origin?: string | null | undefined
}

export interface RangeAnswererOptions {
  bodyCacheBytes?: number
  /** Keys the deterministic padding (the deployment secret); absent: a per-process key. */
  paddingSecret?: Uint8Array
  now?: () => number
  /** Who may read ranges cross-origin; absent: any origin (`*`). */
  cors?: CorsPolicy
  /** Told where each body came from (the /metrics series); absent: nothing is counted. */
  onCacheLookup?: (result: RangeBodySource) => void
}

const EMPTY = new Uint8Array(new ArrayBuffer(0))

/**
 * The range API's logic, free of any HTTP framework: the Hono route and the Node fast path
 * (range-server-node.ts) both answer through it, so they cannot drift apart (and compute the
 * same ETag). A conditional request whose tag matches is answered 304 without reading the range.
 * Padded answers are deterministic per corpus version and prefix, so they are cached too.
 */
export function createRangeAnswerer(
  reader: RangeReader,
  random: Random,
  isPublic: boolean,
  {
    bodyCacheBytes,
    paddingSecret,
    now = Date.now,
    cors = createCorsPolicy(),
    onCacheLookup,
  }: RangeAnswererOptions = {},
) {
  const paddingTarget = createPaddingTarget(reader)
  const paddingStream = createPaddingStream(paddingSecret ?? random.bytes(32))
  const cache = createRangeBodyCache(bodyCacheBytes)
  const validators = createRangeValidators(reader, hexOf(random.bytes(6)), now, () =>
    // Live additions or a switched corpus: a cached body could hide a freshly exposed password.
    cache.clear(),
  )
  const baseHeaders: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    // A key-protected range must not sit in a shared cache for anyone to read.
    'cache-control': `${isPublic ? 'public' : 'private'}, max-age=${RANGE_MAX_AGE_SECONDS}`,
    // A cache must not answer a padding request with an unpadded body, or the reverse.
    vary: 'Add-Padding',
    'x-content-type-options': 'nosniff',
  }
  // `*` is constant: set once here, so the hot path adds nothing per request.
  const perRequestCors = !cors.anyOrigin
  if (cors.anyOrigin) cors.apply(baseHeaders, undefined)
  const readBody = reader.readBody?.bind(reader)

  const plainBody = (mode: HashMode, prefix: string): Uint8Array | Promise<Uint8Array> => {
    if (!readBody) return reader.read(mode, prefix).then(formatRangeBody)
    return readBody(mode, prefix)
  }
  const paddedBody = async (mode: HashMode, prefix: string, version: string) => {
    const rows = await reader.read(mode, prefix)
    const target = paddingTarget(mode, rows.length)
    const perRow = Math.ceil(SUFFIX_LENGTH[mode] / 2)
    // Twice the bytes needed: a padding draw equal to a real suffix is skipped, not repeated.
    const stream = await paddingStream(version, mode, prefix, 2 * perRow * (target + 1))
    return formatRangeBody(padRange(rows, target, SUFFIX_LENGTH[mode], stream))
  }

  /** The request's fields, raw; the answer is synchronous whenever the body is cached or local. */
  return (question: RangeQuestion): Answer => {
    const prefix = normalizePrefix(question.prefix)
    if (prefix === null) return { ok: false, code: 'invalid_prefix' }
    const mode = parseMode(question.mode)
    if (mode === null) return { ok: false, code: 'invalid_mode' }
    if (!reader.modes.has(mode)) return { ok: false, code: 'mode_unavailable' }
    const padded = isTrue(question.addPadding)
    const current = validators.current()
    const etag = current.etag(mode, prefix, padded)
    // Object.assign, not a spread: ~0.15 µs against ~1.6 µs for these keys (Node 20), per request.
    const headers: Record<string, string> = Object.assign({}, baseHeaders)
    headers.etag = etag
    headers['last-modified'] = current.lastModified
    if (perRequestCors) cors.apply(headers, question.origin)
    if (current.notModified(etag, question.ifNoneMatch, question.ifModifiedSince)) {
      return { ok: true, status: 304, body: EMPTY, headers }
    }
    // A mapped body skips the cache: the page cache holds it, and a copy costs what mapping saves.
    if (!padded && reader.mapsBodies) {
      onCacheLookup?.('mapped')
      const body = plainBody(mode, prefix)
      return body instanceof Uint8Array ? ok(body, headers) : body.then((b) => ok(b, headers))
    }
    const key = etag
    const cached = cache.get(key)
    onCacheLookup?.(cached === undefined ? 'miss' : 'hit')
    if (cached) return ok(cached, headers)
    const cachedOk = (body: Uint8Array): RangeAnswer => {
      cache.set(key, body as Uint8Array<ArrayBuffer>)
      return ok(body, headers)
    }
    const body = padded ? paddedBody(mode, prefix, current.versionId) : plainBody(mode, prefix)
    return body instanceof Uint8Array ? cachedOk(body) : body.then(cachedOk)
  }
}

/** A 200. Node Buffers from a file reader are never shared memory; Response wants an ArrayBuffer. */
function ok(body: Uint8Array, headers: Record<string, string>): RangeAnswer {
  return { ok: true, status: 200, body: body as Uint8Array<ArrayBuffer>, headers }
}

/** `?mode=` as HIBP reads it: absent means SHA-1; the value is case-insensitive. */
function parseMode(raw: string | null | undefined): HashMode | null {
  if (raw === undefined || raw === null || raw === '') return 'sha1'
  const lower = raw.toLowerCase()
  return lower === 'sha1' || lower === 'ntlm' ? lower : null
}

function isTrue(header: string | null | undefined): boolean {
  return typeof header === 'string' && header.trim().toLowerCase() === 'true'
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
