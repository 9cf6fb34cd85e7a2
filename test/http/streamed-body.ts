/**
 * A request body that counts what the server pulls from it: a chunked upload (no
 * Content-Length) of `totalBytes`, made of `chunk` repeated, produced only on demand.
 */
export function countingBody(chunk: Uint8Array, totalBytes: number) {
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= totalBytes) return controller.close()
        pulled += chunk.byteLength
        controller.enqueue(chunk)
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled }
}

/** RequestInit for a streamed body: fetch needs `duplex: 'half'` for a stream. */
export const streamedInit = (
  method: string,
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string>,
): RequestInit => ({ method, headers, body, duplex: 'half' }) as RequestInit

export const MIB = 1024 * 1024
