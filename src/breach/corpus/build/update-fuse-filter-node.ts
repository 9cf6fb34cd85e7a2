import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fuseShardBits } from '../../filter/fuse-filter-builder.js'
import { readFuseFilterFile } from '../../filter/fuse-filter-file-node.js'
import type { CorpusManifest, ManifestFile } from '../corpus-format.js'
import { sha256File } from '../read/corpus-checks-node.js'
import { FuseFilterFileUpdate, readFuseShardTable } from './fuse-filter-update-file-node.js'
import { FuseShardUpdate } from './fuse-shard-update.js'
import { linkOrCopy } from './link-or-copy-node.js'
import { measureFpr } from './store-filter-node.js'
import type { FilterUpdate } from './update-filter-node.js'

/**
 * The update's binary fuse filter (corpora from 2^25 hashes), which is static: while the update
 * streams, the shards whose prefix group changed are rebuilt from the new version's digests
 * (FuseShardUpdate) and written with every other shard's copied bytes into a new file beside
 * the served one (FuseFilterFileUpdate). `start` begins (or, when the update starts over
 * through a scratch build, restarts) and returns what the SHA-1 writer calls for every prefix.
 */
export class FuseFilterUpdate {
  private readonly old: ReturnType<typeof readFuseShardTable>
  private current: { shards: FuseShardUpdate; file: FuseFilterFileUpdate } | null = null

  constructor(
    private readonly dir: string,
    private readonly work: string,
    private readonly manifest: CorpusManifest,
  ) {
    this.old = readFuseShardTable(join(dir, manifest.filter.file))
  }

  start(): FuseShardUpdate['takePrefix'] {
    this.abandon()
    const name = this.manifest.filter.file
    const file = new FuseFilterFileUpdate(join(this.dir, name), join(this.work, name), this.old)
    const shards = new FuseShardUpdate(this.old, file.take)
    this.current = { shards, file }
    return shards.takePrefix.bind(shards)
  }

  /** Closes the file being written (the update failed or starts over). */
  abandon(): void {
    this.current?.file.abandon()
    this.current = null
  }

  /**
   * Finishes the new file, reads it back and measures its FPR; with no shard rebuilt, links the
   * served file instead. A reason for a full rebuild when the corpus has outgrown its shards
   * (over twice the keys per shard a build would give them).
   */
  finish(fpr: number): FilterUpdate | string {
    if (!this.current) throw new Error('fuse filter update: finish before start')
    const { shards, file } = this.current
    const name = this.manifest.filter.file
    const path = join(this.work, name)
    const update = shards.finish()
    const counts = { rebuilt: update.rebuiltShards, total: 2 ** update.shardBits }
    const shardsSaid = { ...counts, keys: update.rebuiltKeys }
    const outgrown = fuseShardBits(update.items) > update.shardBits + 1
    if (outgrown || update.rebuiltShards === 0) {
      this.abandon()
      rmSync(path, { force: true })
      if (outgrown) return `the corpus outgrew its fuse filter's ${counts.total} shards`
      linkOrCopy(join(this.dir, name), path)
      const files = { [name]: this.manifest.files[name] as ManifestFile }
      return { files, manifest: this.manifest.filter, bytesWritten: 0, shards: shardsSaid }
    }
    file.finish(update)
    this.current = null
    const written = { bytes: statSync(path).size, sha256: sha256File(path) }
    const measuredFpr = measureFpr(readFuseFilterFile(path), this.manifest.filter.fprSample)
    return {
      files: { [name]: written },
      manifest: {
        ...this.manifest.filter,
        bits: update.fingerprintBytes * 8,
        items: update.items,
        measuredFpr,
        targetFpr: fpr,
      },
      bytesWritten: written.bytes,
      shards: shardsSaid,
    }
  }
}
