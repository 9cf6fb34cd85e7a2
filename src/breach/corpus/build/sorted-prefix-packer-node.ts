import type { HashMode } from '../../range-reader.js'
import { DIGEST_BYTES, recordBytes, suffixBytes } from '../corpus-format.js'
import type { DigestSpool } from './corpus-sources-node.js'
import { OutOfOrderInputError } from './sorted-range-writer-node.js'

const MAX_COUNT = 0xffffffff

/**
 * Groups a sorted digest stream (the HIBP downloader's order) into whole prefixes of packed
 * records (corpus-format.ts), merging equal neighbours (counts summed, saturating) as the
 * build's SortedRangeWriter does, and hands each finished prefix to `onPrefix` (the buffer is
 * reused after the call). Throws OutOfOrderInputError on a digest below its predecessor.
 */
export class SortedPrefixPacker implements DigestSpool {
  readonly digestBytes: number
  private readonly width: number
  private readonly previous: Uint8Array
  private previousCount = -1
  private current = -1
  private records = new Uint8Array(64 * 1024)
  private fill = 0

  constructor(
    private readonly mode: HashMode,
    private readonly onPrefix: (prefix: number, packed: Uint8Array) => void,
  ) {
    this.digestBytes = DIGEST_BYTES[mode]
    this.width = recordBytes(mode)
    this.previous = new Uint8Array(this.digestBytes)
  }

  push(digest: Uint8Array, count: number): void {
    const previous = this.previous
    if (this.previousCount >= 0) {
      let i = 0
      while (i < this.digestBytes && digest[i] === previous[i]) i++
      if (i === this.digestBytes) {
        this.previousCount = Math.min(MAX_COUNT, this.previousCount + count)
        return
      }
      if ((digest[i] as number) < (previous[i] as number)) {
        throw new OutOfOrderInputError('input is not sorted')
      }
      this.emit()
    }
    previous.set(digest)
    this.previousCount = count
  }

  /** Packs the last digest and hands over the last prefix. */
  finish(): void {
    if (this.previousCount >= 0) this.emit()
    this.previousCount = -1
    if (this.current >= 0) this.onPrefix(this.current, this.records.subarray(0, this.fill))
    this.current = -1
  }

  private emit(): void {
    const digest = this.previous
    const prefix =
      ((digest[0] as number) << 12) | ((digest[1] as number) << 4) | ((digest[2] as number) >> 4)
    if (prefix !== this.current) {
      if (this.current >= 0) this.onPrefix(this.current, this.records.subarray(0, this.fill))
      this.current = prefix
      this.fill = 0
    }
    if (this.fill + this.width > this.records.length) {
      const grown = new Uint8Array(this.records.length * 2)
      grown.set(this.records.subarray(0, this.fill))
      this.records = grown
    }
    const out = this.records
    let to = this.fill
    // Suffix nibbles start at nibble 5: each packed byte straddles two digest bytes.
    const last = suffixBytes(this.mode) - 1
    for (let j = 0; j < last; j++) {
      out[to++] = (((digest[2 + j] as number) & 0x0f) << 4) | ((digest[3 + j] as number) >> 4)
    }
    out[to++] = ((digest[2 + last] as number) & 0x0f) << 4
    const count = this.previousCount
    out[to++] = count & 0xff
    out[to++] = (count >>> 8) & 0xff
    out[to++] = (count >>> 16) & 0xff
    out[to++] = count >>> 24
    this.fill = to
  }
}
