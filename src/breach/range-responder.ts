import type { Context } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import type { Random } from '../ports/random.js'
import { createRangeAnswerer } from './range-answer.js'
import { rangeErrorResponse } from './range-errors.js'
import type { RangeReader } from './range-reader.js'

/** The Hono handler body for `GET /range/{prefix}` (every runtime; Node adds a fast path). */
export function createRangeResponder(reader: RangeReader, random: Random, isPublic: boolean) {
  const answer = createRangeAnswerer(reader, random, isPublic)
  return async (c: Context<AppEnv>, rawPrefix: string): Promise<Response> => {
    const result = await answer(rawPrefix, c.req.query('mode'), c.req.header('add-padding'))
    if (!result.ok) return rangeErrorResponse(c, result.code)
    // A plain Response with a plain header object: @hono/node-server writes it straight out
    // (no Headers instance, Content-Length from the byte length), the fastest path it has.
    return new Response(result.body, { status: 200, headers: result.headers })
  }
}
