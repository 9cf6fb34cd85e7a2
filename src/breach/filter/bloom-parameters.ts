/** Size and hash count of a Bloom filter, as stored in the filter file and the manifest. */
export interface BloomParameters {
  /** Bits in the array (may exceed 2^32; exact integers below 2^53). */
  bits: number
  /** Bit positions set per item. */
  hashes: number
  /** Items the filter was sized for. */
  items: number
}

/**
 * The Bloom optimum for `items` at false-positive rate `fpr`: m = -n ln p / ln²2 bits and
 * k = round(m/n · ln 2) hashes. An empty corpus still gets 64 bits so the array is never empty.
 */
export function bloomParameters(items: number, fpr: number): BloomParameters {
  if (!(fpr > 0 && fpr < 1)) throw new RangeError(`filter FPR must be in (0, 1), got ${fpr}`)
  const n = Math.max(1, items)
  const bits = Math.max(64, Math.ceil((-n * Math.log(fpr)) / Math.LN2 ** 2))
  const hashes = Math.max(1, Math.round((bits / n) * Math.LN2))
  return { bits, hashes, items }
}

/** Bytes of the bit array for `bits` bits. */
export const bloomBytes = (bits: number) => Math.ceil(bits / 8)
