import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import {
  filterManifestFields,
  writeCorpusFilterFile,
} from '../../filter/corpus-filter-file-node.js'
import type { HashMode } from '../../range-reader.js'
import type { BuildCorpusOptions, BuiltStores } from './corpus-build-types.js'
import {
  FILTER_FILE,
  BLOOM_FORMAT_VERSION,
  FORMAT_VERSION,
  MANIFEST_FILE,
  FUSE_SCHEME,
  type CorpusManifest,
} from '../corpus-format.js'
import { sourceFiles } from './corpus-sources-node.js'
import type { WrittenRangeStore } from './range-store-writer-node.js'
import { writeRangeBodies } from './range-bodies-writer-node.js'
import { replaceCorpusFolder } from './replace-corpus-folder-node.js'
import { canStreamSorted, streamSortedSources } from './sorted-corpus-build-node.js'
import { spoolAndSort } from './spool-corpus-build-node.js'
import { measureFpr, sizedFilter } from './store-filter-node.js'

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
  const fields = filterManifestFields(filter)
  const files = { [FILTER_FILE]: writeCorpusFilterFile(join(work, FILTER_FILE), filter) }
  for (const store of stores.values()) Object.assign(files, store.files)
  if (options.rangeBodies !== false) {
    // The sorted path formatted them during its store pass; the spool path formats them now.
    const pending = [...stores.values()].filter((store) => !store.bodies).length
    if (pending > 0) options.progress.phase('formatting range bodies', pending, 'modes')
    for (const [mode, store] of stores) {
      Object.assign(files, store.bodies ?? writeRangeBodies(work, mode))
    }
  }
  const manifest: CorpusManifest = {
    format: 'pwguard-corpus',
    // A Bloom corpus stays version 1, readable by older pwguard; a fuse filter needs 2.
    formatVersion: fields.scheme === FUSE_SCHEME ? FORMAT_VERSION : BLOOM_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    sources,
    modes: Object.fromEntries([...stores].map(([mode, store]) => [mode, store.mode])),
    filter: {
      file: FILTER_FILE,
      ...fields,
      targetFpr: options.fpr,
      measuredFpr,
      fprSample,
    },
    files,
  }
  writeFileSync(join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}
