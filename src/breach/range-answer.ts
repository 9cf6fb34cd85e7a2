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

  const plainBody = async (mode: HashMode, prefix: string) => {
    const key = mode === 'sha1' ? prefix : `${mode}:${prefix}`
    const cached = cache.get(key)
    if (cached) return cached
    // Node Buffers from a file reader are never shared memory; Response wants an ArrayBuffer.
    const body = readBody
      ? ((await readBody(mode, prefix)) as Uint8Array<ArrayBuffer>)
      : formatRangeBody(await reader.read(mode, prefix))
    cache.set(key, body)
    return body
  }
  // Padding is random per response, so padded bodies are never cached.
  const paddedBody = async (mode: HashMode, prefix: string) => {
    const rows = await reader.read(mode, prefix)
    const target = paddingTarget(mode, rows.length)
    return formatRangeBody(padRange(rows, target, SUFFIX_LENGTH[mode], random))
  }

  /** `rawPrefix` as in the path, `rawMode` the `mode` query value, `addPadding` the header. */
  return async (
    rawPrefix: string,
    rawMode: string | null | undefined,
    addPadding: string | null | undefined,
  ): Promise<RangeAnswer> => {
    const prefix = normalisePrefix(rawPrefix)
    if (prefix === null) return { ok: false, code: 'invalid_prefix' }
    const mode = parseMode(rawMode)
    if (mode === null) return { ok: false, code: 'invalid_mode' }
    if (!reader.modes.has(mode)) return { ok: false, code: 'mode_unavailable' }
    const body = isTrue(addPadding) ? await paddedBody(mode, prefix) : await plainBody(mode, prefix)
    return { ok: true, body, headers }
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
