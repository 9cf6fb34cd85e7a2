import type { Context } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import type { Random } from '../ports/random.js'
import { SUFFIX_LENGTH, formatRangeBody, normalisePrefix } from './range-body.js'
import { CORS_HEADERS, rangeErrorResponse } from './range-errors.js'
import { createPaddingTarget, padRange } from './range-padding.js'
import type { HashMode, RangeReader } from './range-reader.js'

/** HIBP's own cache lifetime for a range: 31 days. */
export const RANGE_MAX_AGE_SECONDS = 2_678_400

/** A reader may hand over a range already formatted as CRLF-joined `SUFFIX:COUNT` bytes. */
type ReaderWithBody = RangeReader & {
  readBody?(mode: HashMode, prefix: string): Promise<Uint8Array> | Uint8Array
}

/**
 * Builds the hot-path handler for one range request. Everything that does not depend on the
 * request (headers, padding target, the reader's fast path) is settled once, here.
 */
export function createRangeResponder(reader: ReaderWithBody, random: Random, isPublic: boolean) {
  const paddingTarget = createPaddingTarget(reader)
  const okHeaders: Record<string, string> = {
    ...CORS_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    // A key-protected range must not sit in a shared cache for anyone to read.
    'cache-control': `${isPublic ? 'public' : 'private'}, max-age=${RANGE_MAX_AGE_SECONDS}`,
    // A cache must not answer a padding request with an unpadded body, or the reverse.
    vary: 'Add-Padding',
    'x-content-type-options': 'nosniff',
  }
  const readBody = reader.readBody?.bind(reader)

  const body = async (mode: HashMode, prefix: string, padded: boolean) => {
    // Node Buffers from a file reader are never shared memory; Hono's type wants ArrayBuffer.
    if (!padded && readBody) return (await readBody(mode, prefix)) as Uint8Array<ArrayBuffer>
    const rows = await reader.read(mode, prefix)
    if (!padded) return formatRangeBody(rows)
    const target = paddingTarget(mode, rows.length)
    return formatRangeBody(padRange(rows, target, SUFFIX_LENGTH[mode], random))
  }

  return async (c: Context<AppEnv>, rawPrefix: string): Promise<Response> => {
    const prefix = normalisePrefix(rawPrefix)
    if (prefix === null) return rangeErrorResponse(c, 'invalid_prefix')
    const mode = parseMode(c.req.query('mode'))
    if (mode === null) return rangeErrorResponse(c, 'invalid_mode')
    if (!reader.modes.has(mode)) return rangeErrorResponse(c, 'mode_unavailable')
    const padded = isTrue(c.req.header('add-padding'))
    // A plain Response with a plain header object: @hono/node-server writes it straight out
    // (no Headers instance, Content-Length from the byte length), the fastest path it has.
    return new Response(await body(mode, prefix, padded), { status: 200, headers: okHeaders })
  }
}

/** `?mode=` as HIBP reads it: absent means SHA-1; the value is case-insensitive. */
function parseMode(raw: string | undefined): HashMode | null {
  if (raw === undefined || raw === '') return 'sha1'
  const lower = raw.toLowerCase()
  return lower === 'sha1' || lower === 'ntlm' ? lower : null
}

function isTrue(header: string | undefined): boolean {
  return header !== undefined && header.trim().toLowerCase() === 'true'
}
