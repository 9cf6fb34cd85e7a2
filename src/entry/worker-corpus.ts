import { startupError } from '../breach/corpus/corpus-startup-error.js'
import {
  withEdgeCache,
  type EdgeCache,
  type EdgeCacheStats,
} from '../breach/corpus/read/edge-cached-range-reader.js'
import type { R2CorpusBucket } from '../breach/corpus/read/r2-corpus-bucket.js'
import { openR2RangeReader } from '../breach/corpus/read/r2-range-reader.js'
import { bloomBytes } from '../breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../breach/filter/digest-bloom-filter.js'
import { FILTER_HEADER_BYTES, FILTER_MAGIC } from '../breach/filter/filter-file-format.js'
import type { BreachFilter, RangeReader } from '../breach/range-reader.js'
import type { Logger } from '../ports/logger.js'

/**
 * Largest filter the isolate loads. The default corpus' filter is ~1.8 MB and loads in
 * milliseconds; a full HIBP filter (GBs) cannot fit a 128 MB isolate, so above this the
 * Worker skips the filter and answers every lookup with its exact range read instead.
 */
export const MAX_FILTER_BYTES = 32 * 1024 * 1024

/** Every digest "might" be present: the breach lookup then always reads the exact range. */
const RANGE_ONLY_FILTER: BreachFilter = { mightContain: () => true, add: () => {} }

/**
 * The corpus on a Worker: the range store read from R2 (one range read per prefix) and the
 * filter loaded into the isolate when it fits. Throws with a clear message when the bucket
 * holds no corpus or a corrupt one, so the Worker refuses to answer "not breached" blindly.
 */
export async function openWorkerCorpus(
  bucket: R2CorpusBucket,
  options: {
    prefix: string
    logger: Logger
    maxFilterBytes?: number
    /** The colo's cache (`caches.default`) in front of R2; absent: every range reads R2. */
    edgeCache?: EdgeCache
    edgeCacheStats?: EdgeCacheStats
  },
): Promise<{ reader: RangeReader; filter: BreachFilter; filterBytes: number }> {
  const started = Date.now()
  const r2 = await openR2RangeReader(bucket, { prefix: options.prefix, index: 'memory' })
  const reader = options.edgeCache
    ? withEdgeCache(r2, options.edgeCache, options.edgeCacheStats)
    : r2
  const key = `${options.prefix}${r2.manifest.filter.file}`
  // The manifest gives the size, so a filter that cannot fit is never downloaded at all.
  const listedBytes = r2.manifest.files[r2.manifest.filter.file]?.bytes ?? 0
  if (listedBytes > (options.maxFilterBytes ?? MAX_FILTER_BYTES)) {
    options.logger.warn('corpus filter too large for the isolate: range reads only', {
      filterBytes: listedBytes,
    })
    return { reader, filter: RANGE_ONLY_FILTER, filterBytes: 0 }
  }
  const whole = await bucket.get(key)
  if (!whole) throw startupError(`corpus bucket has no ${key}`)
  const bytes = new Uint8Array(await whole.arrayBuffer())
  const header = new DataView(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.length, FILTER_HEADER_BYTES),
  )
  const { bits, hashes, items } = parseFilterHeader(header, key)
  const filterBytes = FILTER_HEADER_BYTES + bloomBytes(bits)
  if (bytes.length !== filterBytes) {
    throw startupError(`${key} is ${bytes.length} bytes, expected ${filterBytes}`)
  }
  const array = bytes.subarray(FILTER_HEADER_BYTES)
  const filter = new DigestBloomFilter({ bits, hashes, items }, array)
  options.logger.info('corpus opened', { filterBytes, ms: Date.now() - started })
  return { reader, filter, filterBytes }
}

function parseFilterHeader(view: DataView, key: string) {
  let magic = ''
  for (let i = 0; i < 8 && i < view.byteLength; i++) magic += String.fromCharCode(view.getUint8(i))
  if (view.byteLength !== FILTER_HEADER_BYTES || magic !== FILTER_MAGIC) {
    throw startupError(`${key}: not a pwguard filter file (bad magic)`)
  }
  const hashes = view.getUint32(8, true)
  const bits = view.getFloat64(16, true)
  const items = view.getFloat64(24, true)
  if (!Number.isSafeInteger(bits) || bits < 1 || hashes < 1 || hashes > 64) {
    throw startupError(`${key}: filter header is corrupt (bits ${bits}, hashes ${hashes})`)
  }
  return { bits, hashes, items }
}
