import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import type { BuildProgress } from './build-progress-node.js'
import { readManifest, modesOf } from '../read/corpus-checks-node.js'
import type { CorpusChange } from './corpus-diff-node.js'
import type { ManifestExtents } from '../corpus-extents.js'
import {
  FORMAT_VERSION,
  FUSE_SCHEME,
  MANIFEST_FILE,
  type CorpusManifest,
  type ManifestFile,
} from '../corpus-format.js'
import type { CorpusSourceSpec } from './corpus-sources-node.js'
import { closeExtents, openExtents, segmentsOf, v1Extents } from '../read/extent-index-node.js'
import { loadPrefixDigests } from './prefix-digests-node.js'
import { PrefixUpdateWriter } from './prefix-update-writer-node.js'
import { compactionReason, writeMode } from './update-version-files-node.js'
import { replaceCorpusFolder } from './replace-corpus-folder-node.js'
import { feedScratch, feedSorted } from './update-sources-node.js'
import { DigestCollector, updateFilter } from './update-filter-node.js'
import { FuseFilterUpdate } from './update-fuse-filter-node.js'

export interface UpdateCorpusOptions {
  dir: string
  sources: CorpusSourceSpec[]
  fpr: number
  progress: BuildProgress
  /** More segments than this (updates since the last full build) asks for a full rebuild. */
  maxSegments?: number
}

export type UpdateOutcome =
  | {
      kind: 'updated'
      manifest: CorpusManifest
      changes: CorpusChange[]
      /** Bytes of changed ranges (the new segments' records and bodies). */
      rangeBytesWritten: number
      /** Bytes of the per-version tables (`M.ext`, `M.pdg`), the filter and the manifest. */
      tableBytesWritten: number
      /** A fuse filter's shards: how many were rebuilt (the rest copied), and their keys. */
      filterShards?: { rebuilt: number; total: number; keys: number }
    }
  | { kind: 'rebuild'; reason: string }

const NTLM_KINDS = new Set(['passwords', 'hibp-ntlm', 'hibp-ntlm-dir'])

/**
 * Updates the corpus in `dir` incrementally: the new source is compared with the served
 * version prefix by prefix (content digests), only changed prefixes are written, into a new
 * segment of a sibling folder that hard-links every unchanged segment, and the folder is
 * switched with a rename as a full build does. Returns 'rebuild' (nothing written) when a full
 * build is the better answer: other hash modes, too many segments or dead bytes, a saturated
 * Bloom filter, a fuse filter outgrown.
 */
export function updateFileCorpus(options: UpdateCorpusOptions): UpdateOutcome {
  const started = Date.now()
  const dir = resolve(options.dir)
  const old = readManifest(dir)
  if (typeof old === 'string') throw new Error(`${dir}: ${old}`)
  const modes: HashMode[] = ['sha1']
  if (options.sources.some((spec) => NTLM_KINDS.has(spec.kind))) modes.push('ntlm')
  if (modes.join() !== modesOf(old).join()) return { kind: 'rebuild', reason: 'hash modes differ' }
  const refusal = compactionReason(old, modes, options.maxSegments ?? 8)
  if (refusal) return { kind: 'rebuild', reason: refusal }
  const work = join(dirname(dir), `.${basename(dir)}.updating-${process.pid}-${Date.now()}`)
  mkdirSync(work)
  let fuse: FuseFilterUpdate | null = null
  try {
    const olds = new Map(modes.map((mode) => [mode, oldState(dir, mode, old)]))
    const collector = new DigestCollector()
    // A fuse filter is rebuilt shard by shard from every prefix (see FuseShardUpdate).
    fuse = old.filter.scheme === FUSE_SCHEME ? new FuseFilterUpdate(dir, work, old) : null
    const makeWriters = () => {
      const everyPrefix = fuse?.start()
      return new Map(
        modes.map((mode) => {
          const segment = segmentsOf(mode, old).length
          const bodies = segmentsOf(mode, old)[0]?.body !== undefined
          const state = olds.get(mode) as ReturnType<typeof oldState>
          const sha1 = mode === 'sha1'
          const writer = new PrefixUpdateWriter({
            dir: work,
            mode,
            old: state,
            segment,
            bodies,
            ...(sha1 && !everyPrefix && { filter: collector }),
            ...(sha1 && everyPrefix && { everyPrefix }),
          })
          return [mode, writer] as const
        }),
      )
    }
    let writers = makeWriters()
    let sources = feedSorted(options.sources, writers, options.progress)
    if (!sources) {
      for (const writer of writers.values()) writer.abandon()
      collector.clear()
      writers = makeWriters()
      sources = feedScratch(dir, options.sources, writers, options)
    }
    const results = new Map([...writers].map(([mode, writer]) => [mode, writer.finish()]))
    const files: Record<string, ManifestFile> = {}
    const extents: Partial<Record<HashMode, ManifestExtents>> = {}
    let rangeBytes = 0
    let tableBytes = 0
    for (const [mode, result] of results) {
      const written = writeMode(dir, work, mode, old, result, files)
      extents[mode] = written.extents
      rangeBytes += written.rangeBytes
      tableBytes += written.tableBytes
    }
    const filter = fuse
      ? fuse.finish(options.fpr)
      : updateFilter(dir, work, old, collector, options.fpr)
    if (typeof filter === 'string') return { kind: 'rebuild', reason: filter }
    Object.assign(files, filter.files)
    tableBytes += filter.bytesWritten
    const manifest: CorpusManifest = {
      format: 'pwguard-corpus',
      formatVersion: FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      sources,
      modes: Object.fromEntries(
        [...results].map(([mode, r]) => [
          mode,
          {
            hashCount: r.hashCount,
            maxRangeRows: r.maxRangeRows,
            recordBytes: old.modes[mode]?.recordBytes ?? 0,
          },
        ]),
      ),
      filter: filter.manifest,
      files,
      extents,
    }
    const text = `${JSON.stringify(manifest, null, 2)}\n`
    writeFileSync(join(work, MANIFEST_FILE), text)
    replaceCorpusFolder(work, dir)
    const changes = [...results].map(([mode, r]) => ({
      mode,
      changedPrefixes: r.changedPrefixes,
      hashesBefore: old.modes[mode]?.hashCount ?? 0,
      hashesAfter: r.hashCount,
    }))
    return {
      kind: 'updated',
      manifest,
      changes,
      rangeBytesWritten: rangeBytes,
      tableBytesWritten: tableBytes + text.length,
      ...(filter.shards && { filterShards: filter.shards }),
    }
  } finally {
    fuse?.abandon()
    rmSync(work, { recursive: true, force: true })
  }
}

function oldState(dir: string, mode: HashMode, manifest: CorpusManifest) {
  const listed = manifest.extents?.[mode]
  let table: Uint32Array
  if (listed) {
    const open = openExtents(dir, mode, listed)
    if (typeof open === 'string') throw new Error(`${dir}: ${open}`)
    closeExtents(open)
    table = open.table
  } else {
    table = v1Extents(dir, mode, manifest)
  }
  return { table, digests: loadPrefixDigests(dir, mode, manifest, table) }
}
