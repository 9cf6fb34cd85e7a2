import type { HashMode, RangeEntry, RangeReader } from '../../range-reader.js'
import { startupError } from '../corpus-startup-error.js'
import { corpusVersionOf } from '../corpus-version.js'
import {
  BODY_INDEX_MAGIC,
  FORMAT_VERSION,
  READABLE_FORMAT_VERSIONS,
  HEADER_BYTES,
  INDEX_MAGIC,
  MANIFEST_FILE,
  PREFIX_COUNT,
  bodyFile,
  bodyIndexFile,
  dataFile,
  indexFile,
  indexFileBytes,
  recordBytes,
  type CorpusManifest,
} from '../corpus-format.js'
import type { R2CorpusBucket } from './r2-corpus-bucket.js'
import { r2Extents, type R2Slice } from './r2-extents.js'
import { decodeRangeRows, formatRangeBody } from '../range-records.js'

/** The reader plus the manifest it was opened from (filter file name and parameters). */
export type R2RangeReader = RangeReader & {
  readonly manifest: CorpusManifest
  readBody(mode: HashMode, prefix: string): Promise<Uint8Array>
}

export interface R2RangeReaderOptions {
  /** Key prefix of the corpus files in the bucket ('' or e.g. 'corpus/'). */
  prefix?: string
  /**
   * 'memory' loads each mode's index (8 MiB) into the isolate on first use, so a range is one
   * R2 read; 'range' reads the two index entries per request instead (two reads, no load).
   */
  index?: 'memory' | 'range'
}

/**
 * The corpus range store (see corpus-format.ts) served from an R2 bucket. Every range is a
 * positional read of one contiguous slice of `M.dat`, so the isolate never holds the data
 * file: a full HIBP corpus is ~40 GB, far past a Worker's 128 MB.
 */
export async function openR2RangeReader(
  bucket: R2CorpusBucket,
  options: R2RangeReaderOptions = {},
): Promise<R2RangeReader> {
  const prefix = options.prefix ?? ''
  const manifest = await readManifest(bucket, prefix)
  const modes = new Set(
    (Object.keys(manifest.modes) as HashMode[]).filter((mode) => manifest.modes[mode]),
  )
  const indexes = new Map<string, Promise<DataView>>()
  const loadIndex = (mode: HashMode) => {
    const file = indexFile(mode)
    let loaded = indexes.get(file)
    if (!loaded) {
      loaded = readIndex(bucket, `${prefix}${file}`, INDEX_MAGIC, recordBytes(mode))
      loaded.catch(() => indexes.delete(file))
      indexes.set(file, loaded)
    }
    return loaded
  }
  const hasBodies = (mode: HashMode) =>
    manifest.files[bodyFile(mode)] !== undefined &&
    manifest.files[bodyIndexFile(mode)] !== undefined
  // Bodies are optional in R2 (README "Cloudflare Workers"): a manifest built with them may be
  // uploaded without them, so a missing body index means "format the records", once per mode.
  const bodyIndexes = new Map<HashMode, Promise<DataView | null>>()
  const loadBodyIndex = (mode: HashMode) => {
    let loaded = bodyIndexes.get(mode)
    if (!loaded) {
      const key = `${prefix}${bodyIndexFile(mode)}`
      loaded = readIndex(bucket, key, BODY_INDEX_MAGIC, recordBytes(mode), { optional: true })
      loaded.catch(() => bodyIndexes.delete(mode))
      bodyIndexes.set(mode, loaded)
    }
    return loaded
  }
  const version = corpusVersionOf(manifest)
  const updated = new Map(
    Object.entries(manifest.extents ?? {}).map(([mode, extents]) => [
      mode as HashMode,
      r2Extents(bucket, prefix, mode as HashMode, extents),
    ]),
  )
  const readExtent = async (slice: R2Slice | null) => {
    if (!slice) return new Uint8Array(0)
    const view = await readSlice(bucket, slice.key, slice.offset, slice.length)
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  }

  const bounds = async (mode: HashMode, slot: number): Promise<[number, number]> => {
    if (options.index === 'range') {
      const view = await readSlice(
        bucket,
        `${prefix}${indexFile(mode)}`,
        HEADER_BYTES + slot * 8,
        16,
      )
      return [uint64(view, 0), uint64(view, 8)]
    }
    const view = await loadIndex(mode)
    return [uint64(view, HEADER_BYTES + slot * 8), uint64(view, HEADER_BYTES + slot * 8 + 8)]
  }

  const records = async (mode: HashMode, hexPrefix: string): Promise<Uint8Array> => {
    if (!modes.has(mode)) throw new Error(`corpus has no ${mode} range store`)
    const slot = Number.parseInt(hexPrefix, 16)
    if (!/^[0-9A-F]{5}$/.test(hexPrefix) || slot >= PREFIX_COUNT) {
      throw new RangeError(`not an uppercase 5-hex prefix: ${hexPrefix}`)
    }
    const extents = updated.get(mode)
    if (extents) return readExtent(await extents.records(slot))
    const [start, end] = await bounds(mode, slot)
    if (end < start) throw new Error(`${indexFile(mode)} is corrupt at prefix ${hexPrefix}`)
    if (end === start) return new Uint8Array(0)
    const width = recordBytes(mode)
    const key = `${prefix}${dataFile(mode)}`
    const view = await readSlice(bucket, key, HEADER_BYTES + start * width, (end - start) * width)
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  }

  return {
    manifest,
    modes,
    maxRangeRows: (mode) => manifest.modes[mode]?.maxRangeRows ?? 0,
    read: async (mode, hexPrefix): Promise<RangeEntry[]> =>
      decodeRangeRows(await records(mode, hexPrefix), mode),
    // Preformatted bodies when uploaded: the same one read, and no formatting in the isolate.
    readBody: async (mode, hexPrefix) => {
      const extents = updated.get(mode)
      if (extents && /^[0-9A-F]{5}$/.test(hexPrefix)) {
        const slice = await extents.body(Number.parseInt(hexPrefix, 16))
        if (slice !== undefined) return readExtent(slice)
      }
      if (!hasBodies(mode) || options.index === 'range' || !modes.has(mode)) {
        return formatRangeBody(await records(mode, hexPrefix), mode)
      }
      const slot = Number.parseInt(hexPrefix, 16)
      if (!/^[0-9A-F]{5}$/.test(hexPrefix)) throw new RangeError(`not a 5-hex prefix: ${hexPrefix}`)
      const offsets = await loadBodyIndex(mode)
      if (!offsets) return formatRangeBody(await records(mode, hexPrefix), mode)
      const start = uint64(offsets, HEADER_BYTES + slot * 8)
      const end = uint64(offsets, HEADER_BYTES + slot * 8 + 8)
      if (end === start) return new Uint8Array(0)
      const view = await readSlice(
        bucket,
        `${prefix}${bodyFile(mode)}`,
        HEADER_BYTES + start,
        end - start,
      )
      return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    },
    version: () => version,
  }
}

async function readManifest(bucket: R2CorpusBucket, prefix: string): Promise<CorpusManifest> {
  const object = await bucket.get(`${prefix}${MANIFEST_FILE}`)
  if (!object) {
    throw startupError(`corpus bucket has no ${prefix}${MANIFEST_FILE}: upload a corpus`)
  }
  let manifest: CorpusManifest
  try {
    manifest = JSON.parse(new TextDecoder().decode(await object.arrayBuffer())) as CorpusManifest
  } catch {
    throw startupError(`${prefix}${MANIFEST_FILE} is not valid JSON: upload the corpus again`)
  }
  // Version 2 only adds the fuse filter kind, which this reader never opens.
  if (
    manifest.format !== 'pwguard-corpus' ||
    !READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion)
  ) {
    throw startupError(`corpus manifest is not pwguard-corpus format ${FORMAT_VERSION}`)
  }
  for (const [mode, info] of Object.entries(manifest.modes)) {
    if (info && info.recordBytes !== recordBytes(mode as HashMode)) {
      throw startupError(`corpus manifest: ${mode} records are ${info.recordBytes} bytes`)
    }
  }
  return manifest
}

/**
 * Loads a whole index file (`M.idx`, `M.bidx`) and checks its header and size first. An
 * `optional` one (the body index) that is not in the bucket is null; a present one must be valid.
 */
async function readIndex(
  bucket: R2CorpusBucket,
  key: string,
  expected: string,
  width: number,
): Promise<DataView>
async function readIndex(
  bucket: R2CorpusBucket,
  key: string,
  expected: string,
  width: number,
  options: { optional: true },
): Promise<DataView | null>
async function readIndex(
  bucket: R2CorpusBucket,
  key: string,
  expected: string,
  width: number,
  options: { optional?: boolean } = {},
): Promise<DataView | null> {
  const object = await bucket.get(key)
  if (!object && options.optional) return null
  if (!object) throw new Error(`corpus bucket has no ${key}`)
  const view = new DataView(await object.arrayBuffer())
  if (view.byteLength !== indexFileBytes() || magic(view) !== expected) {
    throw new Error(`${key} is not a pwguard range index (${view.byteLength} bytes)`)
  }
  if (view.getUint32(8, true) !== width) throw new Error(`${key}: wrong record size`)
  return view
}

async function readSlice(bucket: R2CorpusBucket, key: string, offset: number, length: number) {
  const object = await bucket.get(key, { range: { offset, length } })
  if (!object) throw new Error(`corpus bucket has no ${key}`)
  const buffer = await object.arrayBuffer()
  if (buffer.byteLength !== length) throw new Error(`${key} is truncated at byte ${offset}`)
  return new DataView(buffer)
}

function magic(view: DataView): string {
  let text = ''
  for (let i = 0; i < 8; i++) text += String.fromCharCode(view.getUint8(i))
  return text
}

/** uint64 little-endian as a Number: record numbers stay far below 2^53. */
function uint64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32
}
