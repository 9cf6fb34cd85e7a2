import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'
import { payloadTooLarge } from './body-problems.js'

/**
 * The body of a bulk upload (NDJSON/CSV) as a byte stream, under the import limit instead of
 * the JSON one. Called by the handler, after auth and routing: only an authenticated caller of
 * a real bulk route gets the larger limit. A declared Content-Length over it is refused before
 * a byte is read; a chunked body is counted as it streams and stops at the limit.
 */
export function uploadBody(c: Context<AppEnv>, maxBytes: number): AsyncIterable<Uint8Array> {
  const meter = c.get('bodyMeter')
  meter?.allow(maxBytes)
  meter?.refuseDeclaredExcess()
  const body = c.req.raw.body
  return body ? (body as unknown as AsyncIterable<Uint8Array>) : emptyStream()
}

export type Counts = Record<string, number>

/**
 * Runs a batched bulk job over an upload. When the body crosses the limit mid-stream, the
 * batches committed before it stay (imports and ingests are idempotent, so the caller re-sends
 * the rest): `onTruncated` records them (the audit entry) and the 413 names the committed
 * counts, so nothing was written that neither the log nor the caller hears about.
 */
export async function runUpload<T>(
  c: Context<AppEnv>,
  job: (onCommitted: (counts: Counts) => void) => Promise<T>,
  onTruncated: (committed: Counts) => Promise<unknown>,
): Promise<T> {
  let committed: Counts = {}
  try {
    return await job((counts) => (committed = counts))
  } catch (error) {
    if (!c.get('bodyMeter')?.exceeded) throw error
    await onTruncated(committed)
    throw payloadTooLarge({ committed })
  }
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {}
