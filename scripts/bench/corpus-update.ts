/**
 * Incremental corpus update vs full rebuild, same size, same run (one JSON line per figure):
 * a generated HIBP-shaped sorted file (`40HEX:COUNT`, 2^20 prefixes) is built once; a second
 * file changes 1 % of the prefixes (every 100th: one count bumped). Then, timed:
 * - full rebuild of the second file (what `corpus update --full` and the old update did);
 * - `corpus update` of the built corpus to the second file (first update of a built corpus:
 *   the per-prefix digests are computed from its records);
 * - a second update to a third file (another 1 % changed; digests read from `M.pdg`).
 * Wall and CPU seconds, bytes written, and the ratios update / full. Every range of a sample
 * of changed and unchanged prefixes is compared with the full rebuild's (must be identical).
 * Run: npx tsx scripts/bench/corpus-update.ts [--hashes 4000000]
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { BuildProgress } from '../../src/breach/corpus/build/build-progress-node.js'
import { buildFileCorpus } from '../../src/breach/corpus/build/file-corpus-builder-node.js'
import { openFileCorpus } from '../../src/breach/corpus/read/open-file-corpus-node.js'
import { updateFileCorpus } from '../../src/breach/corpus/build/update-file-corpus-node.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { generateHibpShape } from './hibp-shape.js'

const { values } = parseArgs({ options: { hashes: { type: 'string', default: '4000000' } } })
const hashes = Number(values.hashes)
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, loadavg1m: +(loadavg()[0] ?? 0).toFixed(1) }))
const silent: BuildProgress = { phase() {}, update() {}, end() {} }
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'))

/** Writes the generated corpus; prefixes with `prefix % 100 === changed` get count + 1000. */
function writeSource(file: string, changed: number[]): void {
  const fd = openSync(file, 'w')
  let chunk = ''
  let lastPrefix = -1
  generateHibpShape(hashes, (digest, count) => {
    const prefix =
      ((digest[0] as number) << 12) | ((digest[1] as number) << 4) | ((digest[2] as number) >> 4)
    let hex = ''
    for (let i = 0; i < 20; i++) hex += HEX[digest[i] as number]
    // One row per changed prefix: its first.
    const bump = prefix !== lastPrefix && changed.includes(prefix % 100)
    lastPrefix = prefix
    chunk += `${hex}:${bump ? count + 1000 : count}\r\n`
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk)
      chunk = ''
    }
  })
  writeSync(fd, chunk)
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
  const [v1, v2, v3] = ['v1.txt', 'v2.txt', 'v3.txt'].map((name) => join(dir, name)) as [
    string,
    string,
    string,
  ]
  writeSource(v1, [])
  writeSource(v2, [0])
  writeSource(v3, [0, 1])
  const source = (path: string) => [{ kind: 'hibp' as const, path }]
  const options = { fpr: 0.001, progress: silent }
  const served = join(dir, 'served')
  buildFileCorpus({ out: served, sources: source(v1), ...options })
  const full = timed(() =>
    buildFileCorpus({ out: join(dir, 'full'), sources: source(v2), ...options }),
  )
  print({
    figure: 'corpus full rebuild',
    hashes,
    wallS: full.wallS,
    cpuS: full.cpuS,
    bytesWritten: bytesOf(full.result.files),
  })
  const figures = [
    ['corpus update, first (digests from records)', v2],
    ['corpus update, next (digests from M.pdg)', v3],
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
    })
  }
  // The update serves what a full build of the same file serves (v3 vs a build of v3).
  buildFileCorpus({ out: join(dir, 'check'), sources: source(v3), ...options })
  const a = openFileCorpus({ dir: served, logger: createMemoryLogger() })
  const b = openFileCorpus({ dir: join(dir, 'check'), logger: createMemoryLogger() })
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
  print({
    figure: 'corpus update ranges identical to a full build',
    sampledPrefixes: Math.ceil(2 ** 20 / 37),
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
