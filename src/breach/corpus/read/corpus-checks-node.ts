import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import {
  DATA_MAGIC,
  FILTER_FILE,
  FORMAT_VERSION,
  HASH_MODES,
  READABLE_FORMAT_VERSIONS,
  HEADER_BYTES,
  INDEX_MAGIC,
  MANIFEST_FILE,
  PREFIX_COUNT,
  dataFile,
  indexFile,
  indexFileBytes,
  recordBytes,
  type CorpusManifest,
} from '../corpus-format.js'
import { StoredOffsets } from '../stored-offsets.js'

/** Files up to this size are checksummed at every start; larger ones by `corpus verify`. */
// 32 MiB: every file of the default corpus but its range bodies; a full corpus' filter
// (hundreds of MB) would cost seconds per start, so `pwguard corpus verify` hashes those.
export const STARTUP_CHECKSUM_LIMIT = 32 * 1024 * 1024

/** Reads and sanity-checks manifest.json; returns the problem as a string when it is unusable. */
export function readManifest(dir: string): CorpusManifest | string {
  const file = join(dir, MANIFEST_FILE)
  if (!existsSync(file)) return `${MANIFEST_FILE} is missing`
  let manifest: CorpusManifest
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as CorpusManifest
  } catch (error) {
    return `${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`
  }
  if (manifest?.format !== 'pwguard-corpus')
    return `${MANIFEST_FILE} is not a pwguard corpus manifest`
  if (!READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion)) {
    return `format version ${manifest.formatVersion} is newer than this pwguard reads (up to ${FORMAT_VERSION})`
  }
  if (!manifest.modes?.sha1 || !manifest.filter || !manifest.files)
    return `${MANIFEST_FILE} lacks modes.sha1, filter or files`
  for (const mode of Object.keys(manifest.modes)) {
    if (!HASH_MODES.includes(mode as HashMode))
      return `${MANIFEST_FILE} names unknown mode '${mode}'`
  }
  const expected = [
    FILTER_FILE,
    ...modesOf(manifest).flatMap((mode) => {
      const extents = manifest.extents?.[mode]
      if (!extents) return [indexFile(mode), dataFile(mode)]
      return [extents.index, ...extents.segments.map((segment) => segment.data)]
    }),
  ]
  const unlisted = expected.find((name) => !manifest.files[name])
  return unlisted ? `${MANIFEST_FILE} does not list ${unlisted}` : manifest
}

export const modesOf = (manifest: CorpusManifest) =>
  HASH_MODES.filter((mode) => manifest.modes[mode] !== undefined)

/**
 * Every listed file exists with its recorded size, and its sha256 matches when it is at most
 * `checksumLimit` bytes. Returns the first problem, or null.
 */
export function checkFiles(
  dir: string,
  manifest: CorpusManifest,
  checksumLimit: number,
): string | null {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = join(dir, name)
    if (!existsSync(file)) return `${name} is missing`
    const size = statSync(file).size
    if (size !== expected.bytes)
      return `${name} is ${size} bytes, the manifest says ${expected.bytes}`
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    if (expected.bytes > checksumLimit) continue
    const actual = sha256File(join(dir, name))
    if (actual !== expected.sha256)
      return `${name} fails its sha256 checksum (the file was changed or damaged)`
  }
  return null
}

/** sha256 of a file, read in chunks. */
export function sha256File(file: string): string {
  const hash = createHash('sha256')
  const fd = openSync(file, 'r')
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024)
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk))
      hash.update(chunk.subarray(0, read))
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/**
 * Opens one mode's index in place (O(1), see StoredOffsets) after checking both headers, the
 * sizes, and that it starts at 0 and ends at the data file's record count. Returns the index
 * or the problem. `loadIndex` adds the per-prefix monotonicity check (`corpus verify`).
 */
export function openIndex(
  dir: string,
  mode: HashMode,
  manifest: CorpusManifest,
): StoredOffsets | string {
  const width = recordBytes(mode)
  const raw = readFileSync(join(dir, indexFile(mode)))
  if (raw.length !== indexFileBytes())
    return `${indexFile(mode)} is ${raw.length} bytes, expected ${indexFileBytes()}`
  if (raw.toString('latin1', 0, 8) !== INDEX_MAGIC || raw.readUInt32LE(8) !== width) {
    return `${indexFile(mode)} has a bad header (magic or record size)`
  }
  const dataHeader = Buffer.alloc(HEADER_BYTES)
  const fd = openSync(join(dir, dataFile(mode)), 'r')
  const dataBytes = statSync(join(dir, dataFile(mode))).size
  try {
    readSync(fd, dataHeader, 0, HEADER_BYTES, 0)
  } finally {
    closeSync(fd)
  }
  if (dataHeader.toString('latin1', 0, 8) !== DATA_MAGIC || dataHeader.readUInt32LE(8) !== width) {
    return `${dataFile(mode)} has a bad header (magic or record size)`
  }
  const index = new StoredOffsets(raw)
  const records = index.at(PREFIX_COUNT)
  if (index.at(0) !== 0 || HEADER_BYTES + records * width !== dataBytes) {
    return `${indexFile(mode)} does not match ${dataFile(mode)} (${records} records indexed)`
  }
  if (records !== manifest.modes[mode]?.hashCount) {
    return `${dataFile(mode)} holds ${records} hashes, the manifest says ${manifest.modes[mode]?.hashCount}`
  }
  return index
}

/** `openIndex` plus the check that every prefix's offset is at least the one before. */
export function loadIndex(
  dir: string,
  mode: HashMode,
  manifest: CorpusManifest,
): StoredOffsets | string {
  const index = openIndex(dir, mode, manifest)
  if (typeof index === 'string') return index
  for (let prefix = 1; prefix <= PREFIX_COUNT; prefix++) {
    if (index.at(prefix) < index.at(prefix - 1)) {
      return `${indexFile(mode)} is not monotonic at prefix ${prefix.toString(16).toUpperCase()}`
    }
  }
  return index
}
