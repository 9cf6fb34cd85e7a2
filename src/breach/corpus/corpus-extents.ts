import type { HashMode } from '../range-reader.js'

/**
 * The layout `pwguard corpus update` writes (an extension of corpus-format.ts v1): a mode's
 * ranges live in several immutable segments, each a `M.dat`-style record file with an optional
 * `M.body`-style body file. Segment 0 is the full build's `M.dat` / `M.body`; each update adds
 * one segment holding only the prefixes it changed, and hard-links every older segment into
 * the new version's folder, so unchanged prefixes are never rewritten and the served version
 * stays readable (its files are never modified) until the server has switched.
 *
 * `M.ext` — 16-byte header (magic "PWGREXT1", uint32 record bytes, uint32 reserved) then, per
 * prefix, 8 little-endian uint32: segment, rows, record start (lo, hi; records after the
 * segment's header), body start (lo, hi; bytes after the header), body bytes, reserved 0.
 *
 * `M.pdg` — 16-byte header (magic "PWGRPDG1") then per prefix the first 8 bytes of the MD5 of
 * its packed records (zeros when empty): the next update compares the new source against these
 * instead of reading the old records again.
 */
export const EXTENT_MAGIC = 'PWGREXT1'
export const PREFIX_DIGEST_MAGIC = 'PWGRPDG1'
/** uint32 words per prefix in `M.ext`. */
export const EXTENT_WORDS = 8
export const PREFIX_DIGEST_BYTES = 8

export const extentFile = (mode: HashMode) => `${mode}.ext`
export const prefixDigestFile = (mode: HashMode) => `${mode}.pdg`
/** The files of update `n`'s segment (segment 0 is the build's `M.dat` / `M.body`). */
export const segmentFiles = (mode: HashMode, n: number) => ({
  data: `${mode}.u${n}.dat`,
  body: `${mode}.u${n}.body`,
})

export interface ManifestSegment {
  data: string
  /** Absent when the corpus has no preformatted bodies. */
  body?: string
}

/** `manifest.extents[mode]`: present once a mode has been updated incrementally. */
export interface ManifestExtents {
  index: string
  digests: string
  segments: ManifestSegment[]
  /** Record bytes the extents still point at, over all segments (the rest is dead). */
  liveRecordBytes: number
}

/** One prefix's place in the segments: what a reader needs for one positional read. */
export interface PrefixExtent {
  segment: number
  rows: number
  recordStart: number
  bodyStart: number
  bodyBytes: number
}

/** Reads prefix `p`'s entry from an `M.ext` table (the words after the header). */
export function extentAt(table: Uint32Array, p: number): PrefixExtent {
  const at = p * EXTENT_WORDS
  return {
    segment: table[at] as number,
    rows: table[at + 1] as number,
    recordStart: (table[at + 2] as number) + (table[at + 3] as number) * 2 ** 32,
    bodyStart: (table[at + 4] as number) + (table[at + 5] as number) * 2 ** 32,
    bodyBytes: table[at + 6] as number,
  }
}

/** Writes prefix `p`'s entry into an `M.ext` table. */
export function setExtent(table: Uint32Array, p: number, extent: PrefixExtent): void {
  const at = p * EXTENT_WORDS
  table[at] = extent.segment
  table[at + 1] = extent.rows
  table[at + 2] = extent.recordStart % 2 ** 32
  table[at + 3] = Math.floor(extent.recordStart / 2 ** 32)
  table[at + 4] = extent.bodyStart % 2 ** 32
  table[at + 5] = Math.floor(extent.bodyStart / 2 ** 32)
  table[at + 6] = extent.bodyBytes
  table[at + 7] = 0
}
