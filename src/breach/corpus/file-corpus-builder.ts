import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { bloomParameters } from '../filter/bloom-parameters.js'
import { DigestBloomFilter } from '../filter/digest-bloom-filter.js'
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
import {
  feedSource,
  sourceFiles,
  type CorpusSourceSpec,
  type Spools,
} from './corpus-sources-node.js'
import { writeRangeStore, type WrittenRangeStore } from './range-store-writer-node.js'
import { replaceCorpusFolder } from './replace-corpus-folder-node.js'
import { measureFpr, sizedFilter } from './store-filter-node.js'

export interface BuildCorpusOptions {
  out: string
  sources: CorpusSourceSpec[]
  /** Target false-positive rate of the filter. */
  fpr: number
  progress: BuildProgress
  /** Random digests used to measure the filter's FPR for the manifest. */
  fprSample?: number
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
    const spools: Spools = {
      sha1: new BucketSpool(join(work, 'spool-sha1'), DIGEST_BYTES.sha1),
      ntlm: new BucketSpool(join(work, 'spool-ntlm'), DIGEST_BYTES.ntlm),
    }
    const sources = readSources(options, spools, totalBytes)
    const modes: HashMode[] = ['sha1']
    if (options.sources.some((spec) => NTLM_KINDS.has(spec.kind))) modes.push('ntlm')
    const filter = new DigestBloomFilter(bloomParameters(spools.sha1.pushed, options.fpr))
    const stores = writeStores(work, modes, spools, options.progress, filter)
    const manifest = writeFilterAndManifest(work, options, sources, stores, filter, started)
    replaceCorpusFolder(work, out)
    return manifest
  } catch (error) {
    rmSync(work, { recursive: true, force: true })
    throw error
  }
}

function readSources(
  options: BuildCorpusOptions,
  spools: Spools,
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
  spools: Spools,
  progress: BuildProgress,
  filter: DigestBloomFilter,
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
  sources: ManifestSource[],
  stores: Map<HashMode, WrittenRangeStore>,
  inlineFilter: DigestBloomFilter,
  started: number,
): CorpusManifest {
  const sha1 = stores.get('sha1') as WrittenRangeStore
  const filter = sizedFilter(work, options, sha1.mode.hashCount, inlineFilter)
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
