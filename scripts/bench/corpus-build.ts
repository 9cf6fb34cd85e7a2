/**
 * Corpus build figures (one JSON line each, ratios against baselines measured in this run):
 * - hashes/s building from a generated HIBP-format file (sorted random `40HEX:COUNT`, ≥ 10 M
 *   lines) vs reading the same file with the same line reader (the I/O + split floor), once
 *   by the sorted fast path (the default for one sorted HIBP input) and once by the general
 *   spool path (`strategy: 'spool'`, what unsorted or combined inputs take). Wall and CPU
 *   seconds (all threads) are both printed: on a shared machine wall time includes waiting
 *   for a core, CPU time does not;
 * - the default corpus's first build (target < 30 s) and later load (target < 1 s).
 * Run: npx tsx scripts/bench/corpus-build.ts [--lines 10000000] [--skip-default]
 */
import { randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { BuildProgress } from '../../src/breach/corpus/build/build-progress-node.js'
import { ensureCorpus } from '../../src/breach/corpus/build/ensure-file-corpus-node.js'
import { buildFileCorpus } from '../../src/breach/corpus/build/file-corpus-builder-node.js'
import { readLinesSync } from '../../src/breach/corpus/build/line-reader-node.js'
import { createMemoryLogger } from '../../src/ports/logger.js'

const { values } = parseArgs({
  options: { lines: { type: 'string', default: '10000000' }, 'skip-default': { type: 'boolean' } },
})
const lines = Number(values.lines)
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, loadavg1m: +(loadavg()[0] ?? 0).toFixed(1) }))
const silent: BuildProgress = { phase() {}, update() {}, end() {} }

/**
 * Writes `count` sorted random SHA-1 lines: the first 32 bits step evenly through the space
 * (so lines are sorted and distinct), the other 128 bits are random, counts 1..10^6.
 */
function writeHibpFile(file: string, count: number): void {
  const fd = openSync(file, 'w')
  const batch = 100_000
  for (let start = 0; start < count; start += batch) {
    const rows = Math.min(batch, count - start)
    const random = randomBytes(rows * 20)
    const parts: string[] = []
    for (let i = 0; i < rows; i++) {
      random.writeUInt32BE(Math.floor(((start + i) * 2 ** 32) / count), i * 20)
      const hex = random.toString('hex', i * 20, i * 20 + 20).toUpperCase()
      parts.push(`${hex}:${1 + (random.readUInt32BE(i * 20 + 16) % 1_000_000)}\r\n`)
    }
    writeSync(fd, parts.join(''))
  }
  closeSync(fd)
}

function hibpBuilds(): void {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-build-bench-'))
  try {
    const file = join(dir, 'pwned-passwords-sha1-ordered-by-hash.txt')
    writeHibpFile(file, lines)
    const started = performance.now()
    let seen = 0
    readLinesSync(file, () => void seen++)
    const readSeconds = (performance.now() - started) / 1000
    if (seen !== lines) throw new Error('line count mismatch')
    for (const strategy of ['auto', 'spool'] as const) hibpBuild(dir, file, strategy, readSeconds)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function hibpBuild(dir: string, file: string, strategy: 'auto' | 'spool', readSeconds: number) {
  const loadBefore = loadavg()[0] ?? 0
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const manifest = buildFileCorpus({
    out: join(dir, `corpus-${strategy}`),
    sources: [{ kind: 'hibp', path: file }],
    fpr: 0.001,
    progress: silent,
    strategy,
  })
  const buildSeconds = (performance.now() - started) / 1000
  // process.cpuUsage counts every thread, so the filter worker's time is included.
  const cpu = process.cpuUsage(cpuBefore)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  if (manifest.modes.sha1?.hashCount !== lines) throw new Error('hash count mismatch')
  rmSync(join(dir, `corpus-${strategy}`), { recursive: true, force: true })
  print({
    figure:
      strategy === 'auto'
        ? 'corpus build from a sorted HIBP single file, fast path (hashes/s)'
        : 'corpus build from a HIBP single file, general spool path (hashes/s)',
    lines,
    fileMB: Math.round(statSync(file).size / 1e6),
    value: Math.round(lines / buildSeconds),
    seconds: +buildSeconds.toFixed(2),
    cpuSeconds: +cpuSeconds.toFixed(2),
    hashesPerCpuSecond: Math.round(lines / cpuSeconds),
    target: strategy === 'auto' ? '>= 2,000,000 hashes/s' : 'none (fallback path)',
    baseline: 'readLinesSync over the same file (lines/s)',
    baselineValue: Math.round(lines / readSeconds),
    ratio: +(readSeconds / buildSeconds).toFixed(3),
    loadavg1mBefore: +loadBefore.toFixed(1),
  })
}

function defaultCorpus(): void {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-default-bench-'))
  try {
    let started = performance.now()
    ensureCorpus({
      dir: join(dir, 'corpus'),
      fpr: 0.001,
      logger: createMemoryLogger(),
    }).reader.close()
    const buildSeconds = (performance.now() - started) / 1000
    print({
      figure: 'default corpus first start (build + open)',
      value: `${buildSeconds.toFixed(1)} s`,
      baseline: 'target 30 s',
      ratio: +(buildSeconds / 30).toFixed(3),
    })
    started = performance.now()
    ensureCorpus({
      dir: join(dir, 'corpus'),
      fpr: 0.001,
      logger: createMemoryLogger(),
    }).reader.close()
    const loadSeconds = (performance.now() - started) / 1000
    print({
      figure: 'default corpus later start (verify + load)',
      value: `${Math.round(loadSeconds * 1000)} ms`,
      baseline: 'target 1 s',
      ratio: +loadSeconds.toFixed(3),
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

hibpBuilds()
if (!values['skip-default']) defaultCorpus()
