import type { BloomParameters } from './bloom-parameters.js'
import { filterKindFor, type CorpusFilter, type FilterKind } from './corpus-filter.js'
import { DigestBloomFilter, type DigestSink } from './digest-bloom-filter.js'
import { FuseFilterBuilder } from './fuse-filter-builder.js'
import { ParallelBloomFill } from './parallel-bloom-fill-node.js'

/** A filter being filled, inline or on a worker thread. */
export interface BloomFill {
  sink: DigestSink
  /** Every added digest is in the returned filter. */
  finish(): CorpusFilter
  abort(): void
}

// Below this many digests the worker's start-up (~0.3 s under tsx) costs more than it saves.
const PARALLEL_FROM = 1_000_000

/**
 * Starts filling a filter (a Bloom with `parameters`, or a fuse filter for that many items; see filterKindFor): on a worker thread for big builds, or on
 * `prestarted` when the caller started one early (see ParallelBloomFill).
 */
export function startBloomFill(
  parameters: BloomParameters,
  prestarted?: ParallelBloomFill,
  kind: FilterKind | 'auto' = 'auto',
): BloomFill {
  if (prestarted || parameters.items >= PARALLEL_FROM) {
    const fill = (prestarted ?? new ParallelBloomFill()).begin({ parameters, kind })
    return { sink: fill, finish: () => fill.finish(), abort: () => fill.abort() }
  }
  if (filterKindFor(parameters.items, kind) === 'fuse') {
    const builder = new FuseFilterBuilder(parameters.items)
    return { sink: builder, finish: () => builder.finish(), abort: () => {} }
  }
  const filter = new DigestBloomFilter(parameters)
  return { sink: filter, finish: () => filter, abort: () => {} }
}

// ~45 bytes per HIBP line: 40 MB of input is about the 1 M digests PARALLEL_FROM asks for.
const PRESTART_FROM_BYTES = 40e6

/** A worker started ahead of `startBloomFill` when `inputBytes` promise a big build. */
export function prestartBloomFill(inputBytes: number): ParallelBloomFill | undefined {
  return inputBytes >= PRESTART_FROM_BYTES ? new ParallelBloomFill() : undefined
}
