import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import type { BuildProgress } from './build-progress-node.js'
import { HEADER_BYTES, PREFIX_COUNT, dataFile, indexFile, recordBytes } from '../corpus-format.js'
import type { ManifestSource } from '../corpus-format.js'
import { feedSource, sourceFiles, type CorpusSourceSpec } from './corpus-sources-node.js'
import { buildFileCorpus } from './file-corpus-builder-node.js'
import type { PrefixUpdateWriter } from './prefix-update-writer-node.js'
import { readOffsets } from '../stored-offsets.js'
import { canStreamSorted } from './sorted-corpus-build-node.js'
import { OutOfOrderInputError } from './sorted-digest-merger.js'

/**
 * Feeds the update's new records to one writer per mode, in prefix order. Sorted HIBP inputs
 * (the downloader's file or per-prefix folder) stream straight in: nothing but the changed
 * prefixes is written. Other inputs (plaintext lists, several sources, an unsorted file) need
 * the build's spool and sort: they are built into a scratch folder first (no bodies, no
 * filter use) whose records are then fed prefix by prefix. Returns null when a "sorted" input
 * turned out not to be: the caller makes fresh writers and calls `feedScratch`.
 */
export function feedSorted(
  sources: CorpusSourceSpec[],
  writers: Map<HashMode, PrefixUpdateWriter>,
  progress: BuildProgress,
): ManifestSource[] | null {
  if (!canStreamSorted(sources)) return null
  const total = sources.reduce(
    (sum, spec) => sum + sourceFiles(spec).reduce((bytes, file) => bytes + file.bytes, 0),
    0,
  )
  const sha1 = writers.get('sha1') as PrefixUpdateWriter
  const spools = { sha1, ntlm: writers.get('ntlm') ?? sha1 }
  progress.phase('reading', total, 'bytes')
  let done = 0
  try {
    return sources.map((spec) =>
      feedSource(spec, spools, (bytes) => progress.update((done += bytes))),
    )
  } catch (error) {
    if (error instanceof OutOfOrderInputError) return null
    throw error
  } finally {
    progress.end()
  }
}

/** The spool path: a scratch build beside `dir`, read back prefix by prefix. */
export function feedScratch(
  dir: string,
  sources: CorpusSourceSpec[],
  writers: Map<HashMode, PrefixUpdateWriter>,
  options: { fpr: number; progress: BuildProgress },
): ManifestSource[] {
  const scratch = join(dirname(dir), `.${basename(dir)}.scratch-${process.pid}-${Date.now()}`)
  mkdirSync(scratch)
  try {
    const out = join(scratch, 'corpus')
    const manifest = buildFileCorpus({ out, sources, ...options, rangeBodies: false, fprSample: 1 })
    for (const [mode, writer] of writers) feedStore(out, mode, writer)
    return manifest.sources
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

function feedStore(dir: string, mode: HashMode, writer: PrefixUpdateWriter): void {
  const index = readOffsets(readFileSync(join(dir, indexFile(mode))))
  if (typeof index === 'string') throw new Error(`scratch ${indexFile(mode)} ${index}`)
  const width = recordBytes(mode)
  const fd = openSync(join(dir, dataFile(mode)), 'r')
  let scratch = Buffer.allocUnsafe(1024 * 1024)
  try {
    for (let p = 0; p < PREFIX_COUNT; p++) {
      const rows = (index[p + 1] as number) - (index[p] as number)
      if (rows === 0) continue
      if (rows * width > scratch.length) scratch = Buffer.allocUnsafe(rows * width)
      readSync(fd, scratch, 0, rows * width, HEADER_BYTES + (index[p] as number) * width)
      writer.takePrefix(p, scratch.subarray(0, rows * width))
    }
  } finally {
    closeSync(fd)
  }
}
