import type { BloomParameters } from './bloom-parameters.js'

/**
 * The two `filter.bin` layouts, in one runtime-free module so every reader and writer (the
 * Node files, the Worker's R2 loader) shares one definition. Both start with a 32-byte
 * little-endian header:
 *
 * Bloom (`filter-file-node.ts`), then the bit array as is (bit i: byte floor(i/8), mask
 * 1 << (i mod 8)):
 *   0  8 bytes  magic "PWGBLM01"
 *   8  uint32   hashes (k)
 *  12  uint32   reserved (0)
 *  16  float64  bits (m, an integer; may exceed 2^32)
 *  24  float64  items (n the filter was sized for)
 *
 * Binary fuse (`fuse-filter-file-node.ts`), then 2^b × SHARD_WORDS uint32 (the shard table,
 * see DigestFuseFilter) and F fingerprint bytes:
 *   0  8 bytes  magic "PWGFUS01"
 *   8  uint32   shard bits b
 *  12  uint32   reserved (0)
 *  16  float64  items (digests in the filter)
 *  24  float64  fingerprint bytes F
 */
export const FILTER_MAGIC = 'PWGBLM01'
export const FUSE_FILTER_MAGIC = 'PWGFUS01'
export const FILTER_HEADER_BYTES = 32

/** The fuse header's fields (see above). */
export interface FuseFilterHeader {
  shardBits: number
  items: number
  fingerprintBytes: number
}

/** The 8-byte magic at the start of `bytes` ('' when shorter). */
export function filterMagic(bytes: Uint8Array): string {
  if (bytes.length < 8) return ''
  return String.fromCharCode(...bytes.subarray(0, 8))
}

/** The 32-byte header of a Bloom filter file. */
export function encodeBloomHeader({ bits, hashes, items }: BloomParameters): Uint8Array {
  const header = headerWithMagic(FILTER_MAGIC)
  const view = new DataView(header.buffer)
  view.setUint32(8, hashes, true)
  view.setFloat64(16, bits, true)
  view.setFloat64(24, items, true)
  return header
}

/** A Bloom header's parameters, or the problem with it (bad magic, impossible values). */
export function decodeBloomHeader(header: Uint8Array): BloomParameters | string {
  if (header.length < FILTER_HEADER_BYTES || filterMagic(header) !== FILTER_MAGIC) {
    return 'not a pwguard filter file (bad magic)'
  }
  const view = new DataView(header.buffer, header.byteOffset, FILTER_HEADER_BYTES)
  const hashes = view.getUint32(8, true)
  const bits = view.getFloat64(16, true)
  const items = view.getFloat64(24, true)
  if (!Number.isSafeInteger(bits) || bits < 1 || hashes < 1 || hashes > 64) {
    return `filter header is corrupt (bits ${bits}, hashes ${hashes})`
  }
  return { bits, hashes, items }
}

/** The 32-byte header of a fuse filter file. */
export function encodeFuseHeader(fields: FuseFilterHeader): Uint8Array {
  const header = headerWithMagic(FUSE_FILTER_MAGIC)
  const view = new DataView(header.buffer)
  view.setUint32(8, fields.shardBits, true)
  view.setFloat64(16, fields.items, true)
  view.setFloat64(24, fields.fingerprintBytes, true)
  return header
}

/** A fuse header's fields, or the problem with it. */
export function decodeFuseHeader(header: Uint8Array): FuseFilterHeader | string {
  if (header.length < FILTER_HEADER_BYTES || filterMagic(header) !== FUSE_FILTER_MAGIC) {
    return 'not a pwguard fuse filter file (bad magic)'
  }
  const view = new DataView(header.buffer, header.byteOffset, FILTER_HEADER_BYTES)
  return {
    shardBits: view.getUint32(8, true),
    items: view.getFloat64(16, true),
    fingerprintBytes: view.getFloat64(24, true),
  }
}

function headerWithMagic(magic: string): Uint8Array {
  const header = new Uint8Array(FILTER_HEADER_BYTES)
  for (let i = 0; i < magic.length; i++) header[i] = magic.charCodeAt(i)
  return header
}
