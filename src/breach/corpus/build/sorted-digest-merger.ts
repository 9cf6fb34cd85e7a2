const MAX_COUNT = 0xffffffff

/** A digest arrived below its predecessor: the input is not sorted (the builder falls back). */
export class OutOfOrderInputError extends Error {}

/**
 * The one pass both sorted build paths share (the full build's SortedRangeWriter and the
 * update's SortedPrefixPacker): digests arrive in ascending order (the HIBP downloader's), equal
 * neighbours merge with their counts summed (saturating at uint32, as the spool path does), and
 * each distinct digest goes to `onDistinct` once its last duplicate has passed. The digest
 * buffer handed over is reused after the call.
 */
export class SortedDigestMerger {
  private readonly previous: Uint8Array
  private previousCount = -1

  constructor(
    private readonly digestBytes: number,
    private readonly onDistinct: (digest: Uint8Array, count: number) => void,
  ) {
    this.previous = new Uint8Array(digestBytes)
  }

  /** Takes the next digest; throws OutOfOrderInputError when it sorts below the last one. */
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
        throw new OutOfOrderInputError(`${hex(digest)} comes after ${hex(previous)}`)
      }
      this.onDistinct(previous, this.previousCount)
    }
    // A byte loop, not set(subarray()): no view allocated per digest (10^9 in a full build).
    for (let i = 0; i < this.digestBytes; i++) previous[i] = digest[i] as number
    this.previousCount = count
  }

  /** Hands over the pending digest, if any. */
  finish(): void {
    if (this.previousCount >= 0) this.onDistinct(this.previous, this.previousCount)
    this.previousCount = -1
  }
}

const hex = (digest: Uint8Array) =>
  Array.from(digest, (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
