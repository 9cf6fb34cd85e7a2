import type { HashMode } from '../range-reader.js'
import type { ManifestExtents } from './corpus-extents.js'

/**
 * The on-disk corpus layout (format version 1), shared by the builder, the reader and the
 * verifier. Per mode M (sha1, ntlm):
 *
 * `M.idx` — 16-byte header then 2^20 + 1 little-endian uint64 record numbers: prefix p owns
 * records [idx[p], idx[p+1]) of `M.dat`. Header: magic "PWGRIDX1", uint32 record bytes,
 * uint32 reserved.
 *
 * `M.dat` — 16-byte header (magic "PWGRDAT1", uint32 record bytes, uint32 reserved) then
 * fixed-width records sorted by digest: the digest's nibbles after the 5-hex prefix packed two
 * per byte (high nibble first; the last low nibble is 0 when the count is odd), then a uint32
 * little-endian count. SHA-1: 35 nibbles → 18 bytes + 4 = 22; NTLM: 27 → 14 + 4 = 18.
 * One prefix is one contiguous slice, so one positional read answers a range.
 *
 * `M.body` + `M.bidx` (optional, `--no-range-bodies` skips them) — every range preformatted as
 * served (`SUFFIX:COUNT` joined by CRLF), concatenated in prefix order after a 16-byte header
 * (magic "PWGRBDY1"), and 2^20 + 1 uint64 byte offsets into it (header "PWGRBIX1"): a cold
 * `/range` is then one positional read with no formatting (~2× the records' disk).
 *
 * `filter.bin` — a Bloom filter (`filter-file-node.ts`) or, from format version 2, a sharded
 * binary fuse filter (`fuse-filter-file-node.ts`), as `filter.scheme` says; `manifest.json` —
 * see `CorpusManifest`.
 */
export const PREFIX_COUNT = 2 ** 20
export const HEADER_BYTES = 16
export const INDEX_MAGIC = 'PWGRIDX1'
export const DATA_MAGIC = 'PWGRDAT1'
/** Version 2: the filter may be a binary fuse filter (FUSE_SCHEME); everything else as 1. */
export const FORMAT_VERSION = 2
/** What a Bloom-filtered corpus is still written as, so older readers keep opening it. */
export const BLOOM_FORMAT_VERSION = 1
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2]
export const BLOOM_SCHEME = 'sha1-digest-double-hashing-48' as const
/** `filter.bin` per fuse-filter-file-node.ts: `bits` = fingerprint bytes × 8, `hashes` = 3. */
export const FUSE_SCHEME = 'sha1-binary-fuse8-sharded' as const
export const MANIFEST_FILE = 'manifest.json'
export const FILTER_FILE = 'filter.bin'
export const HASH_MODES: readonly HashMode[] = ['sha1', 'ntlm']

/** Digest length in bytes per mode. */
export const DIGEST_BYTES: Record<HashMode, number> = { sha1: 20, ntlm: 16 }

/** Packed suffix bytes: (hex digits − 5 prefix digits) nibbles, rounded up to bytes. */
export const suffixBytes = (mode: HashMode) => Math.ceil((DIGEST_BYTES[mode] * 2 - 5) / 2)
/** One data record: packed suffix then uint32 count. */
export const recordBytes = (mode: HashMode) => suffixBytes(mode) + 4
/** Hex digits of a suffix as served: 35 for SHA-1, 27 for NTLM. */
export const suffixHexDigits = (mode: HashMode) => DIGEST_BYTES[mode] * 2 - 5
export const indexFile = (mode: HashMode) => `${mode}.idx`
export const dataFile = (mode: HashMode) => `${mode}.dat`
export const BODY_MAGIC = 'PWGRBDY1'
export const BODY_INDEX_MAGIC = 'PWGRBIX1'
export const bodyFile = (mode: HashMode) => `${mode}.body`
export const bodyIndexFile = (mode: HashMode) => `${mode}.bidx`
export const indexFileBytes = () => HEADER_BYTES + (PREFIX_COUNT + 1) * 8

export type SourceKind = 'passwords' | 'hibp' | 'hibp-dir' | 'hibp-ntlm' | 'hibp-ntlm-dir'

export interface ManifestSource {
  kind: SourceKind
  /** The path given, or a package name for the default corpus. */
  path: string
  /** Lines read (for a folder: over all its files). */
  lines: number
  /** Hashes taken from it (lines minus blank or malformed ones). */
  hashes: number
  /** Malformed lines skipped. */
  skipped: number
  /** 'given' when the source carries counts; otherwise every occurrence counts 1. */
  counts: 'given' | 'one-per-occurrence'
}

export interface ManifestMode {
  /** Distinct digests. */
  hashCount: number
  /** Largest row count of any one prefix: the range API pads to it. */
  maxRangeRows: number
  recordBytes: number
}

export interface ManifestFile {
  bytes: number
  sha256: string
}

export interface CorpusManifest {
  format: 'pwguard-corpus'
  formatVersion: number
  builtAt: string
  buildMs: number
  sources: ManifestSource[]
  modes: Partial<Record<HashMode, ManifestMode>>
  filter: {
    file: string
    scheme: typeof BLOOM_SCHEME | typeof FUSE_SCHEME
    bits: number
    hashes: number
    items: number
    targetFpr: number
    measuredFpr: number
    fprSample: number
  }
  files: Record<string, ManifestFile>
  /** Modes updated incrementally (`pwguard corpus update`): see corpus-extents.ts. */
  extents?: Partial<Record<HashMode, ManifestExtents>>
}
