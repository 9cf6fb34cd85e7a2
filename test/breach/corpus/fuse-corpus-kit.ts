import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CorpusManifest } from '../../../src/breach/corpus/corpus-format.js'
import { FuseFilterBuilder } from '../../../src/breach/filter/fuse-filter-builder.js'
import { writeFuseFilterFile } from '../../../src/breach/filter/fuse-filter-file-node.js'
import { tempDir } from './corpus-cli-kit.js'

/**
 * The fuse filter file a full build writes for `digests` (40-hex SHA-1s) with `shardBits`
 * shards. A build picks its own shard bits (one per 2^17 digests), so a test corpus of a few
 * thousand digests would have one shard: tests choose more to see shards kept and rebuilt.
 */
export function fuseFilterFile(digests: Iterable<string>, shardBits: number): Buffer {
  const sorted = [...digests].sort()
  const builder = new FuseFilterBuilder(sorted.length, shardBits)
  for (const hex of sorted) builder.addDigest(Buffer.from(hex, 'hex'))
  const file = join(tempDir(), 'filter.bin')
  writeFuseFilterFile(file, builder.finish())
  return readFileSync(file)
}

/** Gives the corpus in `dir` (built from exactly `digests`) a fuse filter of `shardBits` shards. */
export function useFuseFilter(dir: string, digests: string[], shardBits: number): void {
  const bytes = fuseFilterFile(digests, shardBits)
  const manifestFile = join(dir, 'manifest.json')
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as CorpusManifest
  const fingerprintBytes = bytes.length - 32 - 2 ** shardBits * 32
  writeFileSync(join(dir, 'filter.bin'), bytes)
  manifest.formatVersion = 2
  manifest.filter = {
    ...manifest.filter,
    scheme: 'sha1-binary-fuse8-sharded',
    bits: fingerprintBytes * 8,
    hashes: 3,
    items: digests.length,
  }
  manifest.files['filter.bin'] = {
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
}
