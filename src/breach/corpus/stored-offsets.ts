import { HEADER_BYTES, PREFIX_COUNT, indexFileBytes } from './corpus-format.js'

/**
 * The 2^20 + 1 uint64 little-endian offsets of an index file (`M.idx`, `M.bidx`), read in
 * place: opening costs O(1) instead of a pass over every prefix, so start-up does not grow
 * with the corpus. Start-up checks the size and both ends; `pwguard corpus verify` checks
 * monotonicity (readOffsets), and a read that meets a decreasing pair refuses it.
 */
export class StoredOffsets {
  private readonly words: Uint32Array

  constructor(raw: Uint8Array) {
    if (raw.length !== indexFileBytes()) {
      throw new RangeError(`index is ${raw.length} bytes, expected ${indexFileBytes()}`)
    }
    // A Uint32Array view needs 4-byte alignment; a pooled Buffer may not have it.
    const bytes = raw.byteOffset % 4 === 0 ? raw : raw.slice()
    this.words = new Uint32Array(
      bytes.buffer,
      bytes.byteOffset + HEADER_BYTES,
      (PREFIX_COUNT + 1) * 2,
    )
  }

  /** Offset `i` (0 ≤ i ≤ 2^20). */
  at(i: number): number {
    return (this.words[i * 2] as number) + (this.words[i * 2 + 1] as number) * 4294967296
  }

  /** [start, end) of prefix `prefix`; throws on a corrupt (decreasing) pair. */
  span(prefix: number): [number, number] {
    const start = this.at(prefix)
    const end = this.at(prefix + 1)
    if (end < start) {
      throw new Error(`corpus index decreases at prefix ${prefix}; run 'pwguard corpus verify'`)
    }
    return [start, end]
  }
}

/** The 2^20 + 1 uint64 offsets after a 16-byte header (`M.idx`, `M.bidx`), checked monotonic. */
export function readOffsets(raw: Uint8Array): Float64Array | string {
  if (raw.length !== indexFileBytes()) return `is ${raw.length} bytes, expected ${indexFileBytes()}`
  const offsets = new Float64Array(PREFIX_COUNT + 1)
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  for (let prefix = 0; prefix <= PREFIX_COUNT; prefix++) {
    const at = HEADER_BYTES + prefix * 8
    offsets[prefix] = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32
    if (prefix > 0 && (offsets[prefix] as number) < (offsets[prefix - 1] as number)) {
      return `is not monotonic at prefix ${prefix.toString(16).toUpperCase()}`
    }
  }
  return offsets
}
