import type { HashMode } from '../../range-reader.js'
import { DIGEST_BYTES, recordBytes, suffixBytes } from '../corpus-format.js'
import type { DigestSpool } from './corpus-sources-node.js'
import { digestPrefix, packSuffix, writeCount } from './packed-record.js'
import { SortedDigestMerger } from './sorted-digest-merger.js'

/**
 * Groups a sorted digest stream (the HIBP downloader's order) into whole prefixes of packed
 * records (corpus-format.ts), merging equal neighbours (SortedDigestMerger, as the build's
 * SortedRangeWriter does), and hands each finished prefix to `onPrefix` (the buffer is
 * reused after the call). Throws OutOfOrderInputError on a digest below its predecessor.
 */
export class SortedPrefixPacker implements DigestSpool {
  readonly digestBytes: number
  private readonly width: number
  private readonly packed: number
  private readonly merger: SortedDigestMerger
  private current = -1
  private records = new Uint8Array(64 * 1024)
  private fill = 0

  constructor(
    mode: HashMode,
    private readonly onPrefix: (prefix: number, packed: Uint8Array) => void,
  ) {
    this.digestBytes = DIGEST_BYTES[mode]
    this.width = recordBytes(mode)
    this.packed = suffixBytes(mode)
    this.merger = new SortedDigestMerger(this.digestBytes, (digest, count) =>
      this.emit(digest, count),
    )
  }

  push(digest: Uint8Array, count: number): void {
    this.merger.push(digest, count)
  }

  /** Packs the last digest and hands over the last prefix. */
  finish(): void {
    this.merger.finish()
    if (this.current >= 0) this.onPrefix(this.current, this.records.subarray(0, this.fill))
    this.current = -1
  }

  private emit(digest: Uint8Array, count: number): void {
    const prefix = digestPrefix(digest)
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
    const to = packSuffix(digest, 0, this.digestBytes, this.packed, this.records, this.fill)
    this.fill = writeCount(this.records, to, count)
  }
}
