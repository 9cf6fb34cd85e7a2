import type { Context } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import { createCorsPolicy } from '../http/cors-policy.js'
import type { Random } from '../ports/random.js'
import { createRangeAnswerer, type RangeAnswererOptions } from './range-answer.js'
import { rangeErrorResponse } from './range-errors.js'
import type { RangeReader } from './range-reader.js'

/** The Hono handler body for `GET /range/{prefix}` (every runtime; Node adds a fast path). */
export function createRangeResponder(
  reader: RangeReader,
  random: Random,
  isPublic: boolean,
  options: RangeAnswererOptions = {},
) {
  const answer = createRangeAnswerer(reader, random, isPublic, options)
  const cors = options.cors ?? createCorsPolicy()
  return async (c: Context<AppEnv>, rawPrefix: string): Promise<Response> => {
    const result = await answer({
      origin: c.req.header('origin'),
      prefix: rawPrefix,
      mode: c.req.query('mode'),
      addPadding: c.req.header('add-padding'),
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
    })
    if (!result.ok) return rangeErrorResponse(c, result.code, cors)
    // A plain Response with a plain header object: @hono/node-server writes it straight out
    // (no Headers instance, Content-Length from the byte length), the fastest path it has.
    if (result.status === 304) return new Response(null, { status: 304, headers: result.headers })
    return new Response(result.body, { status: 200, headers: result.headers })
  }
}
