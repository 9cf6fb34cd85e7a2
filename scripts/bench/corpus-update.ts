/**
 * Incremental corpus update vs full rebuild, same size, same run (one JSON line per figure):
 * a generated HIBP-shaped sorted file (`40HEX:COUNT`, 2^20 prefixes) is built once; a second
 * file changes 1 % of the prefixes (every 100th: one count bumped). Then, timed:
 * - full rebuild of the second file (what `corpus update --full` and the old update did);
 * - `corpus update` of the built corpus to the second file (first update of a built corpus:
 *   the per-prefix digests are computed from its records);
 * - a second update to a third file (another 1 % changed; digests read from `M.pdg`);
 * - a third update, 1 % of prefixes changed in one contiguous run (00000–028F5), which on a
 *   fuse-filtered corpus touches ~1 % of the filter's shards where spread changes touch all.
 * Wall and CPU seconds, bytes written, and the ratios update / full. After the first update a
 * sample of ranges is compared with the full rebuild's (must be identical), and so is a fuse
 * filter, byte for byte (rebuilt shards are built as a full build builds them).
 * From 2^25 hashes the corpus has a binary fuse filter (`--filter fuse` forces one below).
 * Run: npx tsx scripts/bench/corpus-update.ts [--hashes 4000000] [--filter auto|bloom|fuse]
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { BuildProgress } from '../../src/breach/corpus/build/build-progress-node.js'
import { buildFileCorpus } from '../../src/breach/corpus/build/file-corpus-builder-node.js'
import { openFileCorpus } from '../../src/breach/corpus/read/open-file-corpus-node.js'
import { updateFileCorpus } from '../../src/breach/corpus/build/update-file-corpus-node.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { generateHibpShape } from './hibp-shape.js'

const { values } = parseArgs({
  options: {
    hashes: { type: 'string', default: '4000000' },
    filter: { type: 'string', default: 'auto' },
  },
})
const hashes = Number(values.hashes)
const filterKind = values.filter as 'auto' | 'bloom' | 'fuse'
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, loadavg1m: +(loadavg()[0] ?? 0).toFixed(1) }))
const silent: BuildProgress = { phase() {}, update() {}, end() {} }
const HEX_DIGITS = Buffer.from('0123456789ABCDEF', 'latin1')

/** Writes the generated corpus; prefixes for which `changed` says so get count + 1000. */
function writeSource(file: string, changed: (prefix: number) => boolean): void {
  const fd = openSync(file, 'w')
  // Bytes, not strings: at 4 × 10^7 lines string building dominated the whole bench.
  const chunk = Buffer.allocUnsafe(1 << 20)
  let at = 0
  let lastPrefix = -1
  generateHibpShape(hashes, (digest, count) => {
    const prefix =
      ((digest[0] as number) << 12) | ((digest[1] as number) << 4) | ((digest[2] as number) >> 4)
    if (at > chunk.length - 64) {
      writeSync(fd, chunk, 0, at)
      at = 0
    }
    for (let i = 0; i < 20; i++) {
      const byte = digest[i] as number
      chunk[at++] = HEX_DIGITS[byte >> 4] as number
      chunk[at++] = HEX_DIGITS[byte & 15] as number
    }
    // One row per changed prefix: its first.
    const bump = prefix !== lastPrefix && changed(prefix)
    lastPrefix = prefix
    at += chunk.write(`:${bump ? count + 1000 : count}\r\n`, at, 'latin1')
  })
  writeSync(fd, chunk, 0, at)
  closeSync(fd)
}

const cpu = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}
function timed<T>(run: () => T): { result: T; wallS: number; cpuS: number } {
  const wall = performance.now()
  const cpu0 = cpu()
  const result = run()
  return { result, wallS: (performance.now() - wall) / 1000, cpuS: cpu() - cpu0 }
}
const bytesOf = (files: Record<string, { bytes: number }>) =>
  Object.values(files).reduce((sum, file) => sum + file.bytes, 0)

const dir = mkdtempSync(join(tmpdir(), 'pwguard-update-bench-'))
try {
  const [v1, v2, v3, v4] = ['v1', 'v2', 'v3', 'v4'].map((name) => join(dir, `${name}.txt`)) as [
    string,
    string,
    string,
    string,
  ]
  const spread = (p: number) => p % 100 <= 1
  const run = Math.round(2 ** 20 / 100)
  writeSource(v1, () => false)
  writeSource(v2, (p) => p % 100 === 0)
  writeSource(v3, spread)
  writeSource(v4, (p) => spread(p) || p < run)
  const source = (path: string) => [{ kind: 'hibp' as const, path }]
  const options = { fpr: 0.001, progress: silent, filterKind }
  const served = join(dir, 'served')
  buildFileCorpus({ out: served, sources: source(v1), ...options })
  const full = timed(() =>
    buildFileCorpus({ out: join(dir, 'full'), sources: source(v2), ...options }),
  )
  print({
    figure: 'corpus full rebuild',
    hashes,
    filter: full.result.filter.scheme,
    wallS: full.wallS,
    cpuS: full.cpuS,
    bytesWritten: bytesOf(full.result.files),
  })
  const figures = [
    ['corpus update, first (digests from records)', v2],
    ['corpus update, next (digests from M.pdg)', v3],
    ['corpus update, next, changed prefixes in one run', v4],
  ] as const
  for (const [figure, path] of figures) {
    const update = timed(() => updateFileCorpus({ dir: served, sources: source(path), ...options }))
    const outcome = update.result
    if (outcome.kind !== 'updated') throw new Error(outcome.reason)
    const written = outcome.rangeBytesWritten + outcome.tableBytesWritten
    print({
      figure,
      hashes,
      changedPrefixes: outcome.changes[0]?.changedPrefixes,
      wallS: update.wallS,
      cpuS: update.cpuS,
      rangeBytesWritten: outcome.rangeBytesWritten,
      tableBytesWritten: outcome.tableBytesWritten,
      ratioWallToFullRebuild: +(update.wallS / full.wallS).toFixed(3),
      ratioBytesToFullRebuild: +(written / bytesOf(full.result.files)).toFixed(3),
      ...(outcome.filterShards && {
        fuseShardsRebuilt: outcome.filterShards.rebuilt,
        fuseShards: outcome.filterShards.total,
      }),
    })
    if (path === v2) checkAgainstFullBuild(served, join(dir, 'full'))
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/** The updated corpus serves what a full build of the same file serves (and has its fuse filter). */
function checkAgainstFullBuild(updated: string, built: string): void {
  const a = openFileCorpus({ dir: updated, logger: createMemoryLogger() })
  const b = openFileCorpus({ dir: built, logger: createMemoryLogger() })
  for (let p = 0; p < 2 ** 20; p += 37) {
    const prefix = p.toString(16).toUpperCase().padStart(5, '0')
    if (
      Buffer.compare(a.reader.readBody('sha1', prefix), b.reader.readBody('sha1', prefix)) !== 0
    ) {
      throw new Error(`range ${prefix} differs from a full build`)
    }
  }
  a.reader.close()
  b.reader.close()
  const fuse = a.manifest.filter.scheme === 'sha1-binary-fuse8-sharded'
  const filter = (corpus: string) => readFileSync(join(corpus, 'filter.bin'))
  if (fuse && !filter(updated).equals(filter(built))) {
    throw new Error('the updated fuse filter differs from a full build')
  }
  print({
    figure: 'corpus update ranges identical to a full build',
    sampledPrefixes: Math.ceil(2 ** 20 / 37),
    ...(fuse && { fuseFilterIdentical: true }),
  })
}
