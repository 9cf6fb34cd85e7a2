import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { bloomParameters } from '../filter/bloom-parameters.js'
import type { DigestBloomFilter, DigestSink } from '../filter/digest-bloom-filter.js'
import {
  prestartBloomFill,
  startBloomFill,
  type BloomFill,
} from '../filter/parallel-bloom-fill-node.js'
import { writeFilterFile } from '../filter/filter-file-node.js'
import type { HashMode } from '../range-reader.js'
import { BUCKETS, BucketSpool } from './bucket-spool-node.js'
import type { BuildProgress } from './build-progress-node.js'
import {
  DIGEST_BYTES,
  FILTER_FILE,
  FORMAT_VERSION,
  MANIFEST_FILE,
  type CorpusManifest,
  type ManifestSource,
} from './corpus-format.js'
import { feedSource, sourceFiles, type CorpusSourceSpec } from './corpus-sources-node.js'
import { writeRangeStore, type WrittenRangeStore } from './range-store-writer-node.js'
import { replaceCorpusFolder } from './replace-corpus-folder-node.js'
import { canStreamSorted, streamSortedSources } from './sorted-corpus-build-node.js'
import { measureFpr, sizedFilter } from './store-filter-node.js'

export interface BuildCorpusOptions {
  out: string
  sources: CorpusSourceSpec[]
  /** Target false-positive rate of the filter. */
  fpr: number
  progress: BuildProgress
  /** Random digests used to measure the filter's FPR for the manifest. */
  fprSample?: number
  /**
   * 'auto' (default) streams one sorted HIBP input per mode straight into the store (see
   * sorted-corpus-build-node.ts) and spools otherwise; 'spool' always spools (tests, bench).
   */
  strategy?: 'auto' | 'spool'
}

type BucketSpools = { sha1: BucketSpool; ntlm: BucketSpool }

/** What either build path hands to the manifest step. */
export interface BuiltStores {
  sources: ManifestSource[]
  stores: Map<HashMode, WrittenRangeStore>
  /** SHA-1 digests read (duplicates included): what the filter is sized for. */
  pushed: number
  /** Filled with every distinct SHA-1 digest; sizedFilter() decides whether it is kept. */
  filter: DigestBloomFilter
}

const NTLM_KINDS = new Set(['passwords', 'hibp-ntlm', 'hibp-ntlm-dir'])

/**
 * Builds a corpus (range store per mode, filter, manifest) into `out`. Everything is written
 * to a sibling temp folder and renamed into place at the end, so a killed build never leaves
 * a half corpus where the service looks for one.
 */
export function buildFileCorpus(options: BuildCorpusOptions): CorpusManifest {
  const started = Date.now()
  const out = resolve(options.out)
  if (options.sources.length === 0) throw new Error('corpus build needs at least one source')
  const totalBytes = options.sources.reduce(
    (sum, spec) => sum + sourceFiles(spec).reduce((bytes, file) => bytes + file.bytes, 0),
    0,
  )
  mkdirSync(dirname(out), { recursive: true })
  const work = join(dirname(out), `.${basename(out)}.building-${process.pid}-${Date.now()}`)
  mkdirSync(work)
  try {
    const modes: HashMode[] = ['sha1']
    if (options.sources.some((spec) => NTLM_KINDS.has(spec.kind))) modes.push('ntlm')
    const streamed =
      options.strategy !== 'spool' && canStreamSorted(options.sources)
        ? streamSortedSources(work, options, modes, totalBytes)
        : null
    const built = streamed ?? spoolAndSort(work, options, modes, totalBytes)
    const manifest = writeFilterAndManifest(work, options, built, started)
    replaceCorpusFolder(work, out)
    return manifest
  } catch (error) {
    rmSync(work, { recursive: true, force: true })
    throw error
  }
}

/** The general path: spool every digest to bucket files, then sort and merge per bucket. */
function spoolAndSort(
  work: string,
  options: BuildCorpusOptions,
  modes: HashMode[],
  totalBytes: number,
): BuiltStores {
  const spools = {
    sha1: new BucketSpool(join(work, 'spool-sha1'), DIGEST_BYTES.sha1),
    ntlm: new BucketSpool(join(work, 'spool-ntlm'), DIGEST_BYTES.ntlm),
  }
  const early = prestartBloomFill(totalBytes)
  let fill: BloomFill | undefined
  try {
    const sources = readSources(options, spools, totalBytes)
    const pushed = spools.sha1.pushed
    fill = startBloomFill(bloomParameters(pushed, options.fpr), early)
    const stores = writeStores(work, modes, spools, options.progress, fill.sink)
    return { sources, stores, pushed, filter: fill.finish() }
  } catch (error) {
    ;(fill ?? early)?.abort()
    throw error
  }
}

function readSources(
  options: BuildCorpusOptions,
  spools: BucketSpools,
  totalBytes: number,
): ManifestSource[] {
  options.progress.phase('reading', totalBytes, 'bytes')
  let done = 0
  const sources = options.sources.map((spec) =>
    feedSource(spec, spools, (bytes) => options.progress.update((done += bytes))),
  )
  options.progress.end()
  spools.sha1.finish()
  spools.ntlm.finish()
  return sources
}

/** Writes each mode's store; the SHA-1 pass also fills `filter` from the merged digests. */
function writeStores(
  work: string,
  modes: HashMode[],
  spools: BucketSpools,
  progress: BuildProgress,
  filter: DigestSink,
) {
  progress.phase('sorting', BUCKETS * modes.length, 'buckets')
  const stores = new Map<HashMode, WrittenRangeStore>()
  modes.forEach((mode, m) => {
    const onBucket = (bucket: number) => progress.update(m * BUCKETS + bucket + 1)
    const modeFilter = mode === 'sha1' ? filter : undefined
    stores.set(mode, writeRangeStore(work, mode, spools[mode], onBucket, modeFilter))
  })
  progress.end()
  spools.sha1.remove()
  spools.ntlm.remove()
  return stores
}

function writeFilterAndManifest(
  work: string,
  options: BuildCorpusOptions,
  { sources, stores, pushed, filter: filled }: BuiltStores,
  started: number,
): CorpusManifest {
  const hashCount = (stores.get('sha1') as WrittenRangeStore).mode.hashCount
  const filter = sizedFilter(work, options, { pushed, hashCount }, filled)
  const fprSample = options.fprSample ?? 200_000
  const measuredFpr = measureFpr(filter, fprSample)
  const files = { [FILTER_FILE]: writeFilterFile(join(work, FILTER_FILE), filter) }
  for (const store of stores.values()) Object.assign(files, store.files)
  const manifest: CorpusManifest = {
    format: 'pwguard-corpus',
    formatVersion: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    sources,
    modes: Object.fromEntries([...stores].map(([mode, store]) => [mode, store.mode])),
    filter: {
      file: FILTER_FILE,
      scheme: 'sha1-digest-double-hashing-48',
      bits: filter.bits,
      hashes: filter.hashes,
      items: filter.items,
      targetFpr: options.fpr,
      measuredFpr,
      fprSample,
    },
    files,
  }
  writeFileSync(join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}
