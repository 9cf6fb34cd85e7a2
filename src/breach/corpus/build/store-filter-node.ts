import { randomFillSync } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { bloomParameters, type BloomParameters } from '../../filter/bloom-parameters.js'
import type { CorpusFilter } from '../../filter/corpus-filter.js'
import { DigestBloomFilter } from '../../filter/digest-bloom-filter.js'
import type { BuildProgress } from './build-progress-node.js'
import { HEADER_BYTES, PREFIX_COUNT, dataFile, indexFile, recordBytes } from '../corpus-format.js'

const CHUNK_RECORDS = 256 * 1024

/**
 * Builds the SHA-1 filter with `parameters` from a finished `sha1.dat` of `hashCount`
 * records. Rebuilds each digest's first 12 bytes from the prefix and the packed suffix, which
 * is all the filter's bit positions use.
 */
export function buildFilterFromStore(
  dir: string,
  hashCount: number,
  parameters: BloomParameters,
  onRecords: (done: number) => void = () => {},
): DigestBloomFilter {
  const filter = new DigestBloomFilter(parameters)
  const raw = readFileSync(join(dir, indexFile('sha1')))
  const index = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  const width = recordBytes('sha1')
  const fd = openSync(join(dir, dataFile('sha1')), 'r')
  const chunk = Buffer.allocUnsafe(CHUNK_RECORDS * width)
  const digest = new Uint8Array(12)
  let prefix = 0
  let nextPrefixAt = recordAt(index, 1)
  try {
    for (let done = 0; done < hashCount;) {
      const rows = Math.min(CHUNK_RECORDS, hashCount - done)
      readSync(fd, chunk, 0, rows * width, HEADER_BYTES + done * width)
      for (let row = 0; row < rows; row++, done++) {
        while (done >= nextPrefixAt && prefix < PREFIX_COUNT)
          nextPrefixAt = recordAt(index, ++prefix + 1)
        const at = row * width
        digest[0] = prefix >> 12
        digest[1] = (prefix >> 4) & 0xff
        digest[2] = ((prefix & 0x0f) << 4) | ((chunk[at] ?? 0) >> 4)
        for (let j = 0; j < 9; j++) {
          digest[3 + j] = (((chunk[at + j] ?? 0) & 0x0f) << 4) | ((chunk[at + j + 1] ?? 0) >> 4)
        }
        filter.addDigest(digest)
      }
      onRecords(done)
    }
  } finally {
    closeSync(fd)
  }
  return filter
}

/** Record number where `prefix` starts, from a raw index file. */
export function recordAt(view: DataView, prefix: number): number {
  const at = HEADER_BYTES + prefix * 8
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32
}

/**
 * The filter's false-positive rate on `sample` random digests. A random 160-bit digest is a
 * corpus member with negligible probability, so every hit is a false positive.
 */
export function measureFpr(filter: CorpusFilter, sample: number): number {
  const digests = new Uint8Array(sample * 12)
  randomFillSync(digests)
  let hits = 0
  for (let i = 0; i < sample; i++) if (filter.mightContainDigest(digests, i * 12)) hits++
  return hits / sample
}

/**
 * The filter the manifest records for `pushed` digests read of which `hashCount` are
 * distinct: sized for `pushed` (what is known before merging) unless duplicates made that
 * more than 1 % too big, then for `hashCount`, so its size stays within 2 % of the Bloom
 * optimum. `filled` (every distinct digest added) is reused when its size is that one;
 * otherwise the filter is rebuilt from the store. Both build paths call this, so they agree.
 */
export function sizedFilter(
  work: string,
  options: { fpr: number; progress: BuildProgress },
  counts: { pushed: number; hashCount: number },
  filled: CorpusFilter,
): CorpusFilter {
  // A fuse filter is built to fit the digests it got: nothing to resize.
  if (!(filled instanceof DigestBloomFilter)) return filled
  const { pushed, hashCount } = counts
  const target =
    hashCount >= pushed * 0.99
      ? { ...bloomParameters(pushed, options.fpr), items: hashCount }
      : bloomParameters(hashCount, options.fpr)
  if (target.bits === filled.bits && target.hashes === filled.hashes) {
    return new DigestBloomFilter(target, filled.array)
  }
  options.progress.phase('filter', hashCount, 'hashes')
  const filter = buildFilterFromStore(work, hashCount, target, (done) =>
    options.progress.update(done),
  )
  options.progress.end()
  return filter
}
