import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'

/**
 * The body of a bulk upload (NDJSON/CSV) as a byte stream, under the import limit instead of
 * the JSON one. Called by the handler, after auth and routing: only an authenticated caller of
 * a real bulk route gets the larger limit. A declared Content-Length over it is refused before
 * a byte is read; a chunked body is counted as it streams and stops at the limit with 413
 * (whole batches before that point stay written; imports and ingests are idempotent).
 */
export function uploadBody(c: Context<AppEnv>, maxBytes: number): AsyncIterable<Uint8Array> {
  const meter = c.get('bodyMeter')
  meter?.allow(maxBytes)
  meter?.refuseDeclaredExcess()
  const body = c.req.raw.body
  return body ? (body as unknown as AsyncIterable<Uint8Array>) : emptyStream()
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {}
