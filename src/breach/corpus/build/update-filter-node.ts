import { linkOrCopy } from './link-or-copy-node.js'
import { join } from 'node:path'
import type { DigestSink } from '../../filter/digest-bloom-filter.js'
import { readFilterFile, writeFilterFile } from '../../filter/filter-file-node.js'
import { FUSE_SCHEME, type CorpusManifest, type ManifestFile } from '../corpus-format.js'
import { measureFpr } from './store-filter-node.js'

/** The filter reads a digest's first 12 bytes only (see store-filter-node.ts). */
const KEPT = 12
const CHUNK = 64 * 1024

/** The update's new filter: its files, manifest entry and bytes written; a reason otherwise. */
export interface FilterUpdate {
  files: Record<string, ManifestFile>
  manifest: CorpusManifest['filter']
  bytesWritten: number
  /** A fuse filter's shards: rebuilt (the rest copied) of total, and the rebuilt ones' keys. */
  shards?: { rebuilt: number; total: number; keys: number }
}

/** Keeps the digests of changed prefixes until the update knows whether the filter changes. */
export class DigestCollector implements DigestSink {
  private chunks: Uint8Array[] = []
  private fill = CHUNK * KEPT
  count = 0

  addDigest(digest: Uint8Array, offset = 0): void {
    if (this.fill === CHUNK * KEPT) {
      this.chunks.push(new Uint8Array(CHUNK * KEPT))
      this.fill = 0
    }
    ;(this.chunks.at(-1) as Uint8Array).set(digest.subarray(offset, offset + KEPT), this.fill)
    this.fill += KEPT
    this.count++
  }

  clear(): void {
    this.chunks = []
    this.fill = CHUNK * KEPT
    this.count = 0
  }

  forEach(add: (bytes: Uint8Array, at: number) => void): void {
    this.chunks.forEach((chunk, i) => {
      const end = i === this.chunks.length - 1 ? this.fill : chunk.length
      for (let at = 0; at < end; at += KEPT) add(chunk, at)
    })
  }
}

/**
 * The update's filter. A Bloom filter only ever gains bits, so it is updated incrementally:
 * the served `filter.bin` is loaded and every digest of a changed prefix added (a digest that
 * left the corpus keeps its bits: a false positive the exact range read answers). Unchanged
 * SHA-1 prefixes: hard-linked. Returns a reason for a full rebuild when the added digests
 * push the measured FPR past twice the target (the filter is then too small for the corpus).
 */
export function updateFilter(
  dir: string,
  work: string,
  old: CorpusManifest,
  collector: DigestCollector,
  fpr: number,
): FilterUpdate | string {
  const name = old.filter.file
  if (collector.count === 0) {
    linkOrCopy(join(dir, name), join(work, name))
    const files: Record<string, ManifestFile> = { [name]: old.files[name] as ManifestFile }
    return { files, manifest: old.filter, bytesWritten: 0 }
  }
  // A binary fuse filter is static: updateFuseFilter rebuilds its changed shards instead.
  if (old.filter.scheme === FUSE_SCHEME) throw new Error('updateFilter: use updateFuseFilter')
  const filter = readFilterFile(join(dir, name))
  collector.forEach((bytes, at) => filter.addDigest(bytes, at))
  const fprSample = old.filter.fprSample
  const measuredFpr = measureFpr(filter, fprSample)
  const limit = Math.max(2 * fpr, old.filter.measuredFpr * 2)
  if (measuredFpr > limit + 5 / fprSample) return `the filter is full (FPR ${measuredFpr})`
  const file = writeFilterFile(join(work, name), filter)
  return {
    files: { [name]: file },
    manifest: { ...old.filter, items: filter.items, measuredFpr, targetFpr: fpr },
    bytesWritten: file.bytes,
  }
}
