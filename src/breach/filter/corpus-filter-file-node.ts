import { BLOOM_SCHEME, FUSE_SCHEME } from '../corpus/corpus-format.js'
import type { CorpusFilter } from './corpus-filter.js'
import { DigestBloomFilter } from './digest-bloom-filter.js'
import { writeFilterFile } from './filter-file-node.js'
import { writeFuseFilterFile } from './fuse-filter-file-node.js'

/** Writes either filter kind to `file` in its own format; returns its size and sha256. */
export function writeCorpusFilterFile(
  file: string,
  filter: CorpusFilter,
): { bytes: number; sha256: string } {
  return filter instanceof DigestBloomFilter
    ? writeFilterFile(file, filter)
    : writeFuseFilterFile(file, filter)
}

/** The manifest's description of `filter`: its scheme, size in bits, probes and items. */
export function filterManifestFields(filter: CorpusFilter) {
  return filter instanceof DigestBloomFilter
    ? { scheme: BLOOM_SCHEME, bits: filter.bits, hashes: filter.hashes, items: filter.items }
    : {
        scheme: FUSE_SCHEME,
        bits: filter.fingerprints.length * 8,
        hashes: 3,
        items: filter.items,
      }
}
