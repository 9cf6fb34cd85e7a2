import { join } from 'node:path'
import type { DigestSink } from '../../filter/digest-bloom-filter.js'
import type { HashMode } from '../../range-reader.js'
import {
  EXTENT_WORDS,
  PREFIX_DIGEST_BYTES,
  extentAt,
  setExtent,
  segmentFiles,
  type ManifestSegment,
} from '../corpus-extents.js'
import {
  BODY_MAGIC,
  DATA_MAGIC,
  DIGEST_BYTES,
  PREFIX_COUNT,
  recordBytes,
  type ManifestFile,
} from '../corpus-format.js'
import type { DigestSpool } from './corpus-sources-node.js'
import { prefixDigest } from './prefix-digests-node.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { formatRangeBody } from '../range-records.js'
import { storeHeader } from './range-store-writer-node.js'
import { SortedPrefixPacker } from './sorted-prefix-packer-node.js'
import { unpackSha1Digest } from './unpack-digest.js'

export interface PrefixUpdateOptions {
  dir: string
  mode: HashMode
  /** The served version's extents and per-prefix digests. */
  old: { table: Uint32Array; digests: Uint8Array }
  /** Number of the segment this update writes. */
  segment: number
  bodies: boolean
  /** Gets every digest of a changed prefix (the SHA-1 Bloom filter, updated in place). */
  filter?: DigestSink
  /** Gets every prefix, changed or not, in ascending order (the fuse filter's shard rebuild). */
  everyPrefix?: (prefix: number, packed: Uint8Array, changed: boolean) => void
}

export interface PrefixUpdateResult {
  table: Uint32Array
  digests: Uint8Array
  changedPrefixes: number
  hashCount: number
  maxRangeRows: number
  /** The new segment; null when nothing changed (no file written). */
  segment: { files: ManifestSegment; manifest: Record<string, ManifestFile> } | null
}

/**
 * Takes one mode's new records prefix by prefix in ascending order (a sorted HIBP stream via
 * push(), or whole prefixes via takePrefix()) and compares each prefix's content digest with
 * the served version's: an unchanged prefix keeps its old extent (no byte written), a changed
 * one is appended, records and preformatted body, to this update's segment.
 */
export class PrefixUpdateWriter implements DigestSpool {
  readonly digestBytes: number
  private readonly width: number
  private readonly table = new Uint32Array(PREFIX_COUNT * EXTENT_WORDS)
  private readonly digests = new Uint8Array(PREFIX_COUNT * PREFIX_DIGEST_BYTES)
  private readonly packer: SortedPrefixPacker
  private next = 0
  private data: HashingFileWriter | null = null
  private body: HashingFileWriter | null = null
  private segmentRecords = 0
  private segmentBodyBytes = 0
  private changed = 0
  private hashCount = 0
  private maxRangeRows = 0

  constructor(private readonly options: PrefixUpdateOptions) {
    this.digestBytes = DIGEST_BYTES[options.mode]
    this.width = recordBytes(options.mode)
    this.packer = new SortedPrefixPacker(options.mode, (prefix, packed) =>
      this.decide(prefix, packed),
    )
  }

  /** The next digest of a sorted stream (see SortedPrefixPacker). */
  push(digest: Uint8Array, count: number): void {
    this.packer.push(digest, count)
  }

  /** A whole prefix's packed records at once (prefixes ascending). */
  takePrefix(prefix: number, packed: Uint8Array): void {
    this.decide(prefix, packed)
  }

  finish(): PrefixUpdateResult {
    this.packer.finish()
    this.skipTo(PREFIX_COUNT)
    const manifest: Record<string, ManifestFile> = {}
    const files = segmentFiles(this.options.mode, this.options.segment)
    if (this.data) manifest[files.data] = this.data.close()
    if (this.body) manifest[files.body] = this.body.close()
    return {
      table: this.table,
      digests: this.digests,
      changedPrefixes: this.changed,
      hashCount: this.hashCount,
      maxRangeRows: this.maxRangeRows,
      segment: this.data
        ? { files: this.options.bodies ? files : { data: files.data }, manifest }
        : null,
    }
  }

  /** Closes the segment files without finishing (the update failed). */
  abandon(): void {
    this.data?.close()
    this.body?.close()
  }

  /** Prefixes before `prefix` that the new source does not have: emptied if they had rows. */
  private skipTo(prefix: number): void {
    for (; this.next < prefix; this.next++) this.compare(this.next, new Uint8Array(0))
  }

  private decide(prefix: number, packed: Uint8Array): void {
    this.skipTo(prefix)
    this.compare(prefix, packed)
    this.next = prefix + 1
  }

  private compare(prefix: number, packed: Uint8Array): void {
    const { old } = this.options
    const rows = packed.length / this.width
    prefixDigest(packed, this.digests, prefix)
    this.hashCount += rows
    this.maxRangeRows = Math.max(this.maxRangeRows, rows)
    const before = extentAt(old.table, prefix)
    const at = prefix * PREFIX_DIGEST_BYTES
    let same = before.rows === rows
    for (let i = at; same && i < at + PREFIX_DIGEST_BYTES; i++) {
      same = this.digests[i] === old.digests[i]
    }
    this.options.everyPrefix?.(prefix, packed, !same)
    if (same) {
      const word = prefix * EXTENT_WORDS
      this.table.set(old.table.subarray(word, word + EXTENT_WORDS), word)
      return
    }
    this.changed++
    if (rows === 0) return
    const body = this.options.bodies ? formatRangeBody(packed, this.options.mode) : null
    this.append(packed, body)
    setExtent(this.table, prefix, {
      segment: this.options.segment,
      rows,
      recordStart: this.segmentRecords - rows,
      bodyStart: this.segmentBodyBytes - (body?.length ?? 0),
      bodyBytes: body?.length ?? 0,
    })
    if (this.options.filter) {
      const digest = new Uint8Array(20)
      for (let row = 0; row < rows; row++) {
        unpackSha1Digest(prefix, packed, row * this.width, digest)
        this.options.filter.addDigest(digest, 0)
      }
    }
  }

  private append(packed: Uint8Array, body: Uint8Array | null): void {
    const files = segmentFiles(this.options.mode, this.options.segment)
    if (!this.data) {
      this.data = new HashingFileWriter(join(this.options.dir, files.data))
      this.data.write(storeHeader(DATA_MAGIC, this.width))
      if (this.options.bodies) {
        this.body = new HashingFileWriter(join(this.options.dir, files.body))
        this.body.write(storeHeader(BODY_MAGIC, this.width))
      }
    }
    this.data.write(packed)
    this.segmentRecords += packed.length / this.width
    if (body && this.body) {
      this.body.write(body)
      this.segmentBodyBytes += body.length
    }
  }
}
