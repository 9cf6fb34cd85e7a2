import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import { BUCKETS, type BucketSpool } from './bucket-spool-node.js'
import {
  DATA_MAGIC,
  DIGEST_BYTES,
  HEADER_BYTES,
  INDEX_MAGIC,
  PREFIX_COUNT,
  dataFile,
  indexFile,
  recordBytes,
  suffixBytes,
  type ManifestFile,
  type ManifestMode,
} from '../corpus-format.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { digestPrefix, packSuffix } from './packed-record.js'
import { sortAndMergeBucket } from './sort-bucket.js'
import type { DigestSink } from '../../filter/digest-bloom-filter.js'

export interface WrittenRangeStore {
  mode: ManifestMode
  files: Record<string, ManifestFile>
  /** `M.body` and `M.bidx` when the store pass formatted them too (SortedRangeWriter). */
  bodies?: Record<string, ManifestFile>
}

/**
 * Turns one mode's spooled buckets into `M.dat` (sorted, merged, packed records) and `M.idx`
 * (record offsets per prefix); see corpus-format.ts. Buckets are processed in digest order,
 * one at a time, so memory is bounded by the largest bucket.
 */
export function writeRangeStore(
  dir: string,
  mode: HashMode,
  spool: BucketSpool,
  onBucket: (bucket: number) => void = () => {},
  filter?: DigestSink,
): WrittenRangeStore {
  const width = recordBytes(mode)
  const digestBytes = DIGEST_BYTES[mode]
  const data = new HashingFileWriter(join(dir, dataFile(mode)))
  data.write(storeHeader(DATA_MAGIC, width))
  const rowsPerPrefix = new Float64Array(PREFIX_COUNT)
  let hashCount = 0
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    const merged = sortAndMergeBucket(spool.readBucket(bucket), digestBytes)
    if (filter) {
      for (let at = 0; at < merged.length; at += digestBytes + 4) filter.addDigest(merged, at)
    }
    const out = packRecords(merged, mode, rowsPerPrefix)
    data.write(out)
    hashCount += out.length / width
    onBucket(bucket)
  }
  const { maxRangeRows, file } = writeIndexFile(dir, mode, rowsPerPrefix)
  return {
    mode: { hashCount, maxRangeRows, recordBytes: width },
    files: { [dataFile(mode)]: data.close(), [indexFile(mode)]: file },
  }
}

/** Writes `M.idx` from the row count of every prefix; returns the largest count too. */
export function writeIndexFile(
  dir: string,
  mode: HashMode,
  rowsPerPrefix: Float64Array,
): { maxRangeRows: number; file: ManifestFile } {
  const index = new HashingFileWriter(join(dir, indexFile(mode)))
  index.write(storeHeader(INDEX_MAGIC, recordBytes(mode)))
  const offsets = Buffer.allocUnsafe((PREFIX_COUNT + 1) * 8)
  let offset = 0
  let maxRangeRows = 0
  for (let prefix = 0; prefix <= PREFIX_COUNT; prefix++) {
    offsets.writeUInt32LE(offset % 2 ** 32, prefix * 8)
    offsets.writeUInt32LE(Math.floor(offset / 2 ** 32), prefix * 8 + 4)
    const rows = rowsPerPrefix[prefix] ?? 0
    maxRangeRows = Math.max(maxRangeRows, rows)
    offset += rows
  }
  index.write(offsets)
  return { maxRangeRows, file: index.close() }
}

/** Packs merged (digest, count) records into data records and counts rows per prefix. */
function packRecords(merged: Uint8Array, mode: HashMode, rowsPerPrefix: Float64Array): Uint8Array {
  const digestBytes = DIGEST_BYTES[mode]
  const inWidth = digestBytes + 4
  const packed = suffixBytes(mode)
  const outWidth = packed + 4
  const rows = merged.length / inWidth
  const out = new Uint8Array(rows * outWidth)
  for (let row = 0; row < rows; row++) {
    const at = row * inWidth
    const prefix = digestPrefix(merged, at)
    rowsPerPrefix[prefix] = (rowsPerPrefix[prefix] as number) + 1
    const to = packSuffix(merged, at, digestBytes, packed, out, row * outWidth)
    // The merged count is already uint32 little-endian: copy its bytes.
    out.set(merged.subarray(at + digestBytes, at + inWidth), to)
  }
  return out
}

/** The 16-byte header of `M.dat` / `M.idx` (see corpus-format.ts). */
export function storeHeader(magic: string, width: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES)
  bytes.write(magic, 0, 'latin1')
  bytes.writeUInt32LE(width, 8)
  return bytes
}
