import { createHash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import type { ManifestFile } from '../corpus-format.js'

const BUFFER_BYTES = 4 * 1024 * 1024

/**
 * A buffered, synchronous file writer that hashes what it writes, so the manifest's sha256
 * costs no second pass over multi-gigabyte files.
 */
export class HashingFileWriter {
  private readonly fd: number
  private readonly hash = createHash('sha256')
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES)
  private fill = 0
  private total = 0

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w')
  }

  write(bytes: Uint8Array): void {
    if (this.fill + bytes.length > this.buffer.length) this.flush()
    if (bytes.length >= this.buffer.length) return this.writeThrough(bytes)
    this.buffer.set(bytes, this.fill)
    this.fill += bytes.length
  }

  /** Flushes, closes, and returns the file's size and sha256. */
  close(): ManifestFile {
    this.flush()
    closeSync(this.fd)
    return { bytes: this.total, sha256: this.hash.digest('hex') }
  }

  private writeThrough(bytes: Uint8Array): void {
    this.hash.update(bytes)
    writeSync(this.fd, bytes)
    this.total += bytes.length
  }

  private flush(): void {
    if (this.fill === 0) return
    this.writeThrough(this.buffer.subarray(0, this.fill))
    this.fill = 0
  }
}
