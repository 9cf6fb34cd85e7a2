import { payloadTooLarge } from './body-problems.js'

/**
 * Counts the bytes of one request body as its reader pulls them, and errors the stream at the
 * limit. Nothing is read up front: a request refused by auth or routing is answered having
 * read nothing, and a bulk upload streams through the count instead of being buffered.
 */
export class BodyMeter {
  bytesRead = 0
  /** Set once the limit tripped; whatever error a reader made of it, the answer is 413. */
  exceeded = false

  constructor(
    private limit: number,
    private readonly declaredLength: number | null,
  ) {}

  /** A route that authenticated its caller may accept more (bulk uploads), before reading. */
  allow(limit: number): void {
    this.limit = limit
  }

  /** Refuses a body whose Content-Length is already over the limit, before a byte is read. */
  refuseDeclaredExcess(): void {
    if (this.declaredLength !== null && this.declaredLength > this.limit) this.trip()
  }

  wrap(source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = source.getReader()
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          this.refuseDeclaredExcess()
          const { done, value } = await reader.read()
          if (done) return controller.close()
          this.bytesRead += value.byteLength
          // The chunk that crosses the limit is never delivered: no truncated line is parsed.
          if (this.bytesRead > this.limit) {
            await reader.cancel().catch(() => undefined)
            this.trip()
          }
          controller.enqueue(value)
        },
        cancel: (reason) => reader.cancel(reason),
      },
      // Pull-driven: not one chunk is read before a handler asks for it.
      { highWaterMark: 0 },
    )
  }

  private trip(): never {
    this.exceeded = true
    throw payloadTooLarge()
  }
}
