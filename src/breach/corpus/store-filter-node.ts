import { randomFillSync } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { bloomParameters } from '../filter/bloom-parameters.js'
import { DigestBloomFilter } from '../filter/digest-bloom-filter.js'
import type { BuildProgress } from './build-progress-node.js'
import { HEADER_BYTES, PREFIX_COUNT, dataFile, indexFile, recordBytes } from './corpus-format.js'

const CHUNK_RECORDS = 256 * 1024

/**
 * Builds the SHA-1 filter from a finished `sha1.dat`, sized for its exact distinct count
 * (known only after merging). Rebuilds each digest's first 12 bytes from the prefix and the
 * packed suffix, which is all the filter's bit positions use.
 */
export function buildFilterFromStore(
  dir: string,
  hashCount: number,
  fpr: number,
  onRecords: (done: number) => void = () => {},
): DigestBloomFilter {
  const filter = new DigestBloomFilter(bloomParameters(hashCount, fpr))
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
export function measureFpr(filter: DigestBloomFilter, sample: number): number {
  const digests = new Uint8Array(sample * 12)
  randomFillSync(digests)
  let hits = 0
  for (let i = 0; i < sample; i++) if (filter.mightContainDigest(digests, i * 12)) hits++
  return hits / sample
}

/**
 * The filter filled during the SHA-1 pass was sized for every line read, duplicates included.
 * When duplicates made that more than 1 % too big, rebuild it from the store at the exact
 * distinct count so its size stays within 2 % of the Bloom optimum.
 */
export function sizedFilter(
  work: string,
  options: { fpr: number; progress: BuildProgress },
  hashCount: number,
  inline: DigestBloomFilter,
): DigestBloomFilter {
  if (hashCount >= inline.items * 0.99) {
    return new DigestBloomFilter(
      { bits: inline.bits, hashes: inline.hashes, items: hashCount },
      inline.array,
    )
  }
  options.progress.phase('filter', hashCount, 'hashes')
  const filter = buildFilterFromStore(work, hashCount, options.fpr, (done) =>
    options.progress.update(done),
  )
  options.progress.end()
  return filter
}
