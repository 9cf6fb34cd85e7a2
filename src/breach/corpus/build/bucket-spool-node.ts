import { closeSync, openSync, readFileSync, rmSync, writeSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

export const BUCKETS = 256
const BUFFER_RECORDS = 4096

/**
 * Spools digests to 256 on-disk bucket files keyed by their first byte, so the build holds
 * at most one bucket in memory (1.7 B SHA-1s → ~160 MB per bucket) instead of every hash.
 * A record is the digest followed by a uint32 little-endian count.
 */
export class BucketSpool {
  readonly recordBytes: number
  // Opened on a bucket's first flush: a small build never touches the disk for its buckets.
  private readonly fds: (number | undefined)[] = []
  private readonly tails: Buffer[] = []
  private readonly buffers: Buffer[] = []
  private readonly fill = new Int32Array(BUCKETS)
  private records = 0

  constructor(
    private readonly dir: string,
    readonly digestBytes: number,
  ) {
    this.recordBytes = digestBytes + 4
    mkdirSync(dir, { recursive: true })
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      this.buffers.push(Buffer.allocUnsafe(BUFFER_RECORDS * this.recordBytes))
    }
  }

  /** Records pushed so far (duplicates included). */
  get pushed(): number {
    return this.records
  }

  push(digest: Uint8Array, count: number): void {
    const bucket = digest[0] ?? 0
    const buffer = this.buffers[bucket] as Buffer
    let at = this.fill[bucket] ?? 0
    for (let i = 0; i < this.digestBytes; i++) buffer[at++] = digest[i] as number
    buffer[at++] = count & 0xff
    buffer[at++] = (count >>> 8) & 0xff
    buffer[at++] = (count >>> 16) & 0xff
    buffer[at++] = count >>> 24
    this.records++
    if (at === buffer.length) {
      const fd = (this.fds[bucket] ??= openSync(this.file(bucket), 'w'))
      writeSync(fd, buffer, 0, at)
      at = 0
    }
    this.fill[bucket] = at
  }

  /** Flushes and closes every bucket file; call before reading them back. */
  finish(): void {
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const fd = this.fds[bucket]
      const tail = (this.buffers[bucket] as Buffer).subarray(0, this.fill[bucket] ?? 0)
      if (fd === undefined) {
        this.tails[bucket] = tail
        continue
      }
      writeSync(fd, tail)
      closeSync(fd)
    }
  }

  /** The records of one bucket, in arrival order (the returned buffer may be reused). */
  readBucket(bucket: number): Buffer {
    return this.fds[bucket] === undefined
      ? (this.tails[bucket] ?? Buffer.alloc(0))
      : readFileSync(this.file(bucket))
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private file(bucket: number): string {
    return join(this.dir, `${bucket.toString(16).padStart(2, '0')}.spool`)
  }
}
