import { openSync } from 'node:fs'
import { join } from 'node:path'
import type { CorpusFilter } from '../../filter/corpus-filter.js'
import { DigestBloomFilter } from '../../filter/digest-bloom-filter.js'
import { readFilterFile } from '../../filter/filter-file-node.js'
import { readFuseFilterFile } from '../../filter/fuse-filter-file-node.js'
import { createNoFilter } from '../../filter/no-filter.js'
import type { BreachFilter, HashMode } from '../../range-reader.js'
import type { Logger } from '../../../ports/logger.js'
import {
  dataFile,
  FILTER_FILE,
  FUSE_SCHEME,
  recordBytes,
  type CorpusManifest,
} from '../corpus-format.js'
import {
  STARTUP_CHECKSUM_LIMIT,
  checkFiles,
  openIndex,
  modesOf,
  readManifest,
} from './corpus-checks-node.js'
import { corpusStartupError } from '../corpus-startup-error.js'
import { corpusVersionOf } from '../corpus-version.js'
import { openRangeBodies } from './range-bodies-node.js'
import { openUpdatedStore } from './open-updated-store-node.js'
import { FileRangeReader, type OpenRangeStore } from './file-range-reader-node.js'
import { loadMmapAddon, type MmapAddon } from './mapped-file-node.js'

export interface FileCorpus {
  reader: FileRangeReader
  /** The Bloom filter, or an always-maybe one when opened with `filter: false`. */
  filter: BreachFilter
  manifest: CorpusManifest
}

/**
 * Opens a built corpus (Node adapter) after checking it: manifest, every file's presence and
 * size, sha256 of files up to 32 MiB (bigger ones: `pwguard corpus verify`), headers, index
 * monotonicity, and that the filter matches the manifest. Any problem throws a
 * PWGUARD_STARTUP error that says what is wrong and how to rebuild.
 *
 * @example
 * // After `pwguard corpus build --out data/corpus --passwords list.txt`:
 * const corpus = openFileCorpus({ dir: 'data/corpus', logger })
 * corpus.manifest.modes.sha1?.hashCount // distinct digests
 * await corpus.reader.read('sha1', '5BAA6') // rows of the range, sorted by suffix
 * corpus.reader.close() // releases the file descriptors
 */
export function openFileCorpus({
  dir,
  logger,
  checksumLimit = STARTUP_CHECKSUM_LIMIT,
  filter: useFilter = true,
  mmap = loadMmapAddon(),
}: {
  dir: string
  logger: Logger
  checksumLimit?: number
  /** False: skip loading `filter.bin` (RAM); every lookup reads its exact range instead. */
  filter?: boolean
  /** Maps the stored bodies (the addon, when built); null: one positional read per body. */
  mmap?: MmapAddon | null
}): FileCorpus {
  const started = performance.now()
  const manifest = readManifest(dir)
  if (typeof manifest === 'string') throw corpusStartupError(dir, manifest)
  const fail = (problem: string | null) => {
    if (problem) throw corpusStartupError(dir, problem)
  }
  fail(checkFiles(dir, manifest, checksumLimit))
  const skipped = Object.entries(manifest.files).filter(([, file]) => file.bytes > checksumLimit)
  if (skipped.length > 0) {
    logger.info(
      "large corpus files checked by size and header only; run 'pwguard corpus verify' for full checksums",
      {
        files: skipped.map(([name]) => name),
      },
    )
  }
  const filter = useFilter ? loadFilter(dir, manifest) : createNoFilter()
  const stores = new Map<HashMode, OpenRangeStore>()
  for (const mode of modesOf(manifest)) {
    const extents = manifest.extents?.[mode]
    if (extents) {
      stores.set(mode, openUpdatedStore(dir, mode, manifest))
      continue
    }
    const index = openIndex(dir, mode, manifest)
    if (typeof index === 'string') throw corpusStartupError(dir, index)
    const info = manifest.modes[mode]
    const bodies = openRangeBodies(dir, mode, manifest)
    if (typeof bodies === 'string') throw corpusStartupError(dir, bodies)
    stores.set(mode, {
      ...(bodies && { bodies }),
      fd: openSync(join(dir, dataFile(mode)), 'r'),
      index,
      recordBytes: recordBytes(mode),
      maxRangeRows: info?.maxRangeRows ?? 0,
    })
  }
  logger.info('breach corpus loaded', {
    dir,
    modes: [...stores.keys()],
    hashes: manifest.modes.sha1?.hashCount,
    filter: useFilter ? `on, FPR ${manifest.filter.targetFpr}` : 'off (exact range reads)',
    bodies: mmap ? 'mapped' : 'read',
    loadMs: Math.round(performance.now() - started),
  })
  const reader = new FileRangeReader(stores, corpusVersionOf(manifest), mmap)
  return { reader, filter, manifest }
}

function loadFilter(dir: string, manifest: CorpusManifest): CorpusFilter {
  let filter: CorpusFilter
  const fuse = manifest.filter.scheme === FUSE_SCHEME
  try {
    filter = fuse
      ? readFuseFilterFile(join(dir, FILTER_FILE))
      : readFilterFile(join(dir, FILTER_FILE))
  } catch (error) {
    throw corpusStartupError(dir, (error as Error).message)
  }
  const expected = manifest.filter
  if (!(filter instanceof DigestBloomFilter)) {
    if (filter.fingerprints.length * 8 !== expected.bits || filter.items !== expected.items) {
      throw corpusStartupError(
        dir,
        `${FILTER_FILE} holds ${filter.items} digests in ${filter.fingerprints.length} bytes, the manifest says ${expected.items} in ${expected.bits / 8}`,
      )
    }
    return filter
  }
  if (filter.bits !== expected.bits || filter.hashes !== expected.hashes) {
    throw corpusStartupError(
      dir,
      `${FILTER_FILE} has ${filter.bits} bits and ${filter.hashes} hashes, the manifest says ${expected.bits} and ${expected.hashes}`,
    )
  }
  return filter
}
