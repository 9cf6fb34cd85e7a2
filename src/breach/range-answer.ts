import type { Random } from '../ports/random.js'
import { SUFFIX_LENGTH, formatRangeBody, normalisePrefix } from './range-body.js'
import { createRangeBodyCache } from './range-body-cache.js'
import { CORS_HEADERS, type RangeErrorCode } from './range-errors.js'
import { createPaddingTarget, padRange } from './range-padding.js'
import type { HashMode, RangeReader } from './range-reader.js'

/** HIBP's own cache lifetime for a range: 31 days. */
export const RANGE_MAX_AGE_SECONDS = 2_678_400

export type RangeAnswer =
  | { ok: true; body: Uint8Array<ArrayBuffer>; headers: Readonly<Record<string, string>> }
  | { ok: false; code: RangeErrorCode }

type Answer = RangeAnswer | Promise<RangeAnswer>

/**
 * The range API's logic, free of any HTTP framework: the Hono route and the Node fast path
 * (range-server-node.ts) both answer through it, so they cannot drift apart. Everything that
 * does not depend on the request (headers, padding target, the reader's fast path) is settled
 * once, here.
 */
export function createRangeAnswerer(
  reader: RangeReader,
  random: Random,
  isPublic: boolean,
  { bodyCacheBytes }: { bodyCacheBytes?: number } = {},
) {
  const paddingTarget = createPaddingTarget(reader)
  const cache = createRangeBodyCache(bodyCacheBytes)
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    // A key-protected range must not sit in a shared cache for anyone to read.
    'cache-control': `${isPublic ? 'public' : 'private'}, max-age=${RANGE_MAX_AGE_SECONDS}`,
    // A cache must not answer a padding request with an unpadded body, or the reverse.
    vary: 'Add-Padding',
    'x-content-type-options': 'nosniff',
  }
  const readBody = reader.readBody?.bind(reader)

  const ok = (body: Uint8Array<ArrayBuffer>): RangeAnswer => ({ ok: true, body, headers })
  const remember = (key: string) => (body: Uint8Array) => {
    // Node Buffers from a file reader are never shared memory; Response wants an ArrayBuffer.
    cache.set(key, body as Uint8Array<ArrayBuffer>)
    return ok(body as Uint8Array<ArrayBuffer>)
  }
  // Synchronous whenever the body is cached or the reader is local: no promise on the hot path.
  let generation = reader.generation?.()
  const plainAnswer = (mode: HashMode, prefix: string): Answer => {
    if (reader.generation && reader.generation() !== generation) {
      // Live additions landed: a cached body could hide a freshly exposed password.
      generation = reader.generation()
      cache.clear()
    }
    const key = mode === 'sha1' ? prefix : `${mode}:${prefix}`
    const cached = cache.get(key)
    if (cached) return ok(cached)
    if (!readBody) return reader.read(mode, prefix).then(formatRangeBody).then(remember(key))
    const body = readBody(mode, prefix)
    return body instanceof Uint8Array ? remember(key)(body) : body.then(remember(key))
  }
  // Padding is random per response, so padded bodies are never cached.
  const paddedAnswer = async (mode: HashMode, prefix: string): Promise<RangeAnswer> => {
    const rows = await reader.read(mode, prefix)
    const target = paddingTarget(mode, rows.length)
    return ok(formatRangeBody(padRange(rows, target, SUFFIX_LENGTH[mode], random)))
  }

  /** `rawPrefix` as in the path, `rawMode` the `mode` query value, `addPadding` the header. */
  return (
    rawPrefix: string,
    rawMode: string | null | undefined,
    addPadding: string | null | undefined,
  ): Answer => {
    const prefix = normalisePrefix(rawPrefix)
    if (prefix === null) return { ok: false, code: 'invalid_prefix' }
    const mode = parseMode(rawMode)
    if (mode === null) return { ok: false, code: 'invalid_mode' }
    if (!reader.modes.has(mode)) return { ok: false, code: 'mode_unavailable' }
    return isTrue(addPadding) ? paddedAnswer(mode, prefix) : plainAnswer(mode, prefix)
  }
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
