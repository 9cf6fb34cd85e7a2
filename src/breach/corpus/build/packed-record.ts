/**
 * One `M.dat` record (corpus-format.ts) written from a digest: every build path (spool, sorted
 * stream, incremental update) packs through these, so their files stay byte-identical.
 */

/** The digest's 5-hex prefix as an integer (0 … 2^20 − 1). */
export const digestPrefix = (digest: Uint8Array, at = 0): number =>
  ((digest[at] as number) << 12) |
  ((digest[at + 1] as number) << 4) |
  ((digest[at + 2] as number) >> 4)

/**
 * Packs the nibbles after the prefix of the `digestBytes`-byte digest at `digest[at]` into
 * `packedBytes` bytes at `out[to]`; returns the offset after them. Suffix nibbles start at
 * nibble 5, so each packed byte straddles two digest bytes; the last low nibble of an odd
 * count is past the digest (0).
 */
export function packSuffix(
  digest: Uint8Array,
  at: number,
  digestBytes: number,
  packedBytes: number,
  out: Uint8Array,
  to: number,
): number {
  let previous = digest[at + 2] as number
  for (let j = 0; j < packedBytes; j++) {
    const next = 3 + j < digestBytes ? (digest[at + 3 + j] as number) : 0
    out[to++] = ((previous & 0x0f) << 4) | (next >> 4)
    previous = next
  }
  return to
}

/** Writes `count` as uint32 little-endian at `out[to]`; returns the offset after it. */
export function writeCount(out: Uint8Array, to: number, count: number): number {
  out[to] = count & 0xff
  out[to + 1] = (count >>> 8) & 0xff
  out[to + 2] = (count >>> 16) & 0xff
  out[to + 3] = count >>> 24
  return to + 4
}
