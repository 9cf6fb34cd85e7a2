import { join } from 'node:path'
import { bloomParameters } from '../../filter/bloom-parameters.js'
import type { DigestSink } from '../../filter/digest-bloom-filter.js'
import { prestartBloomFill, startBloomFill, type BloomFill } from '../../filter/bloom-fill-node.js'
import type { HashMode } from '../../range-reader.js'
import { BUCKETS, BucketSpool } from './bucket-spool-node.js'
import type { BuildProgress } from './build-progress-node.js'
import { DIGEST_BYTES, type ManifestSource } from '../corpus-format.js'
import { feedSource } from './corpus-sources-node.js'
import type { BuildCorpusOptions, BuiltStores } from './corpus-build-types.js'
import { writeRangeStore, type WrittenRangeStore } from './range-store-writer-node.js'

type BucketSpools = { sha1: BucketSpool; ntlm: BucketSpool }

/** The general path: spool every digest to bucket files, then sort and merge per bucket. */
export function spoolAndSort(
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
    fill = startBloomFill(bloomParameters(pushed, options.fpr), early, options.filterKind)
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
