import { mkdirSync, rmSync } from 'node:fs'
import { bloomParameters } from '../../filter/bloom-parameters.js'
import { prestartBloomFill, startBloomFill, type BloomFill } from '../../filter/bloom-fill-node.js'
import type { HashMode } from '../../range-reader.js'
import type { BuildCorpusOptions, BuiltStores } from './corpus-build-types.js'
import { feedSource, sourceFiles, type CorpusSourceSpec } from './corpus-sources-node.js'
import { countLinesSync } from './line-reader-node.js'
import type { WrittenRangeStore } from './range-store-writer-node.js'
import { OutOfOrderInputError } from './sorted-digest-merger.js'
import { SortedRangeWriter, type SortedRangeWriterOptions } from './sorted-range-writer-node.js'

const SHA1_HEX = new Set(['hibp', 'hibp-dir'])
const NTLM_HEX = new Set(['hibp-ntlm', 'hibp-ntlm-dir'])

/**
 * True when the sources can be streamed without a spool: only HIBP-format inputs, at most one
 * per hash mode (one downloader file, or one per-prefix folder, which is sorted by
 * construction). Plaintext lists and combined sources need the spool's sort and merge.
 */
export function canStreamSorted(sources: CorpusSourceSpec[]): boolean {
  const sha1 = sources.filter((spec) => SHA1_HEX.has(spec.kind)).length
  const ntlm = sources.filter((spec) => NTLM_HEX.has(spec.kind)).length
  return sha1 + ntlm === sources.length && sha1 <= 1 && ntlm <= 1
}

/**
 * The fast path: parses each source straight into its mode's store (SortedRangeWriter) while
 * a worker thread counts the SHA-1 source's lines (to size the filter) and fills the filter.
 * Returns null, with `work` emptied, when a line is out of order: the caller then takes the
 * spool path.
 */
export function streamSortedSources(
  work: string,
  options: BuildCorpusOptions,
  modes: HashMode[],
  totalBytes: number,
): BuiltStores | null {
  const sha1Spec = options.sources.find((spec) => SHA1_HEX.has(spec.kind))
  const fill = startSizedFill(sha1Spec, options, totalBytes)
  const writers = new Map<HashMode, SortedRangeWriter>()
  const writerOptions = { bodies: bodiesWhere(options, totalBytes) }
  try {
    for (const mode of modes) {
      const filter = mode === 'sha1' ? fill.sink : undefined
      writers.set(mode, new SortedRangeWriter(work, mode, filter, writerOptions))
    }
  } catch (error) {
    fill.abort()
    for (const writer of writers.values()) writer.abandon()
    throw error
  }
  const spools = {
    sha1: writers.get('sha1') as SortedRangeWriter,
    // An NTLM-less build never feeds ntlm: the sha1 writer stands in for the type's sake.
    ntlm: writers.get('ntlm') ?? (writers.get('sha1') as SortedRangeWriter),
  }
  options.progress.phase('reading', totalBytes, 'bytes')
  let done = 0
  try {
    const sources = options.sources.map((spec) =>
      feedSource(spec, spools, (bytes) => options.progress.update((done += bytes))),
    )
    options.progress.end()
    const stores = new Map<HashMode, WrittenRangeStore>()
    for (const [mode, writer] of writers) stores.set(mode, writer.finish())
    const pushed = sha1Spec ? (sources[options.sources.indexOf(sha1Spec)]?.hashes ?? 0) : 0
    return { sources, stores, pushed, filter: fill.finish() }
  } catch (error) {
    fill.abort()
    for (const writer of writers.values()) writer.abandon()
    if (!(error instanceof OutOfOrderInputError)) throw error
    options.progress.end()
    options.progress.notice?.(
      `input is not sorted (${error.message}); building again through the disk spool`,
    )
    rmSync(work, { recursive: true, force: true })
    mkdirSync(work)
    return null
  }
}

// ~45 bytes per HIBP line: from ~1 M digests a second thread pays for its start-up.
const BODY_WORKER_FROM_BYTES = 40e6

/**
 * Range bodies are formatted during the store pass: on a worker thread for a big build (the
 * main thread parses and packs, the filter fills on a third), here for a small one.
 */
function bodiesWhere(
  options: BuildCorpusOptions,
  totalBytes: number,
): SortedRangeWriterOptions['bodies'] {
  if (options.rangeBodies === false) return undefined
  return totalBytes >= BODY_WORKER_FROM_BYTES ? 'worker' : 'inline'
}

/**
 * The filter fill, sized for the SHA-1 source's line count. A big build counts on the worker
 * thread, so parsing starts at once (batches queue meanwhile); a small one counts here.
 */
function startSizedFill(
  spec: CorpusSourceSpec | undefined,
  options: BuildCorpusOptions,
  totalBytes: number,
): BloomFill {
  const worker = spec ? prestartBloomFill(totalBytes) : undefined
  if (!spec || !worker) {
    const parameters = bloomParameters(countSha1Lines(spec, options), options.fpr)
    return startBloomFill(parameters, undefined, options.filterKind)
  }
  const countFiles = sourceFiles(spec).map(({ file }) => file)
  worker.begin({ countFiles, fpr: options.fpr, kind: options.filterKind })
  return { sink: worker, finish: () => worker.finish(), abort: () => worker.abort() }
}

function countSha1Lines(spec: CorpusSourceSpec | undefined, options: BuildCorpusOptions) {
  if (!spec) return 0
  const files = sourceFiles(spec)
  options.progress.phase('counting', files.length, 'files')
  let lines = 0
  files.forEach(({ file }, i) => {
    lines += countLinesSync(file)
    options.progress.update(i + 1)
  })
  options.progress.end()
  return lines
}
