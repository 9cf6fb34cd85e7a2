/**
 * Full-scale corpus figures (one JSON line each, with a baseline from the same run):
 *
 *   npx tsx scripts/bench/corpus-full.ts [--hashes 500000000] [--dir /tmp/...] [--keep]
 *     [--filter auto|fuse|bloom]
 *
 * Digests are generated on the fly in HIBP's shape (all 2^20 prefixes, rows per prefix around
 * the mean with SHA-1's Poisson spread, skewed breach counts), already sorted, so the input
 * needs no disk; they go through the builder's own sorted path (SortedRangeWriter, its records
 * and range bodies written on one worker thread, the filter filled on another), then the
 * filter and the manifest are written. `--bodies after` formats the bodies in a second pass
 * from the records instead (the spool path's way, and the sorted path's before). Figures:
 * - build hashes/s (baseline: the generator alone over the same digests), peak RSS, disk used
 *   at peak vs the bytes the format needs;
 * - start-up: openFileCorpus with the filter (baseline: reading the filter file alone);
 * - filter: bytes/entry, measured FPR, lookups/s on one core (baseline: forming the keys);
 * - lookup with the filter off (exact range read) vs with it, and a cold /range body read.
 * Text parsing of a real HIBP file is measured by scripts/bench/corpus-build.ts.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  FILTER_FILE,
  BLOOM_FORMAT_VERSION,
  FORMAT_VERSION,
  FUSE_SCHEME,
  MANIFEST_FILE,
} from '../../src/breach/corpus/corpus-format.js'
import type { CorpusManifest } from '../../src/breach/corpus/corpus-format.js'
import { openFileCorpus } from '../../src/breach/corpus/read/open-file-corpus-node.js'
import { writeRangeBodies } from '../../src/breach/corpus/build/range-bodies-writer-node.js'
import {
  SortedRangeWriter,
  type SortedRangeWriterOptions,
} from '../../src/breach/corpus/build/sorted-range-writer-node.js'
import { measureFpr } from '../../src/breach/corpus/build/store-filter-node.js'
import { startBloomFill } from '../../src/breach/filter/bloom-fill-node.js'
import type { FilterKind } from '../../src/breach/filter/corpus-filter.js'
import { bloomParameters } from '../../src/breach/filter/bloom-parameters.js'
import {
  filterManifestFields,
  writeCorpusFilterFile,
} from '../../src/breach/filter/corpus-filter-file-node.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { generateHibpShape } from './hibp-shape.js'

const { values } = parseArgs({
  options: {
    hashes: { type: 'string', default: '500000000' },
    dir: { type: 'string', default: '/tmp/pwguard-corpus-full' },
    keep: { type: 'boolean' },
    // 'auto' picks as the builder does (fuse from 2^25 hashes); set it to profile small runs.
    filter: { type: 'string', default: 'auto' },
    // 'worker' (the builder's way for big inputs), 'inline' (one thread), 'after' (second pass).
    bodies: { type: 'string', default: 'worker' },
  },
})
const hashes = Number(values.hashes)
const dir = values.dir as string
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, hashes, loadavg1m: +(loadavg()[0] ?? 0).toFixed(2) }))
const freeBytes = () => {
  const stats = statfsSync(dir)
  return stats.bavail * stats.bsize
}
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

/**
 * CPU-seconds of each busy thread of this process (Linux /proc; utime + stime at 100 Hz),
 * largest first: shows whether the build keeps its threads (main, range writer, filter) busy.
 */
function threadCpuSeconds(): number[] {
  if (!existsSync('/proc/self/task')) return []
  const seconds = readdirSync('/proc/self/task').map((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      return 0 // the thread ended meanwhile
    }
  })
  return seconds.filter((cpu) => cpu >= 0.5).sort((a, b) => b - a)
}

function baselineGenerator(): number {
  // The generator alone over a 1/16 slice of the prefixes: the floor of the build rate.
  const started = performance.now()
  let count = 0
  generateHibpShape(hashes, () => void count++, 1 << 16)
  return count / ((performance.now() - started) / 1000)
}

function build(): CorpusManifest {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const freeBefore = freeBytes()
  let minFree = freeBefore
  const sample = setInterval(() => (minFree = Math.min(minFree, freeBytes())), 500)
  const started = performance.now()
  const cpu = process.cpuUsage()
  const parameters = bloomParameters(hashes, 0.001)
  const fill = startBloomFill(parameters, undefined, values.filter as FilterKind | 'auto')
  const bodies = values.bodies === 'after' ? undefined : values.bodies
  const writer = new SortedRangeWriter(dir, 'sha1', fill.sink, {
    bodies: bodies as SortedRangeWriterOptions['bodies'],
  })
  let lastReport = performance.now()
  generateHibpShape(hashes, (digest, count, done) => {
    writer.push(digest, count)
    if (done % 16_777_216 === 0 && performance.now() - lastReport > 30_000) {
      lastReport = performance.now()
      minFree = Math.min(minFree, freeBytes())
      process.stderr.write(`${done} hashes, ${Math.round((lastReport - started) / 1000)} s\n`)
    }
  })
  // Before finish: the worker threads end there, and their CPU with them.
  const threads = threadCpuSeconds()
  const store = writer.finish()
  const storeSeconds = (performance.now() - started) / 1000
  const filter = fill.finish()
  const filterFile = writeCorpusFilterFile(join(dir, FILTER_FILE), filter)
  const filterFields = filterManifestFields(filter)
  const files = { ...store.files, [FILTER_FILE]: filterFile }
  const filterSeconds = (performance.now() - started) / 1000 - storeSeconds
  minFree = Math.min(minFree, freeBytes())
  Object.assign(files, store.bodies ?? writeRangeBodies(dir, 'sha1'))
  minFree = Math.min(minFree, freeBytes())
  const seconds = (performance.now() - started) / 1000
  const buildCpuS = cpuSeconds(cpu)
  clearInterval(sample)
  const measuredFpr = measureFpr(filter, 1_000_000)
  const manifest: CorpusManifest = {
    format: 'pwguard-corpus',
    formatVersion: filterFields.scheme === FUSE_SCHEME ? FORMAT_VERSION : BLOOM_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(seconds * 1000),
    sources: [
      { kind: 'hibp', path: 'synthetic', lines: hashes, hashes, skipped: 0, counts: 'given' },
    ],
    modes: { sha1: store.mode },
    filter: {
      file: FILTER_FILE,
      ...filterFields,
      targetFpr: 0.001,
      measuredFpr,
      fprSample: 1_000_000,
    },
    files,
  }
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2))
  const formatBytes = Object.values(files).reduce((sum, file) => sum + file.bytes, 0)
  const byFile = Object.fromEntries(Object.entries(files).map(([name, f]) => [name, f.bytes]))
  const baseline = baselineGenerator()
  const rate = hashes / seconds
  print({
    figure: 'full-scale corpus build (generated HIBP shape, sorted path + filter + bodies)',
    hashesPerS: Math.round(rate),
    storeHashesPerS: Math.round(hashes / storeSeconds),
    seconds: +seconds.toFixed(1),
    phases: {
      storeAndFilterFillS: +storeSeconds.toFixed(1),
      filterWriteS: +filterSeconds.toFixed(1),
      bodiesS: +(seconds - storeSeconds - filterSeconds).toFixed(1),
    },
    bodies: values.bodies,
    cpuSeconds: +buildCpuS.toFixed(1),
    // CPU-seconds per wall second: 2 would be both cores busy through the whole build.
    coresBusy: +(buildCpuS / seconds).toFixed(2),
    threadCpuSAtStoreEnd: threads,
    // Process-wide CPU (main thread + filter worker): the figure the machine's load does not skew.
    hashesPerCpuS: Math.round(hashes / buildCpuS),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    formatBytes,
    files: byFile,
    peakDiskBytes: freeBefore - minFree,
    diskRatio: +((freeBefore - minFree) / formatBytes).toFixed(3),
    maxRangeRows: store.mode.maxRangeRows,
    baseline: 'generator alone (hashes/s)',
    baselineValue: Math.round(baseline),
    ratio: +(rate / baseline).toFixed(3),
    targets: '>= 3 M hashes/s, RSS < 4 GB, disk <= 1.1x',
  })
  return manifest
}

function startup(manifest: CorpusManifest) {
  let started = performance.now()
  readFileSync(join(dir, FILTER_FILE))
  const readFilterS = (performance.now() - started) / 1000
  started = performance.now()
  const corpus = openFileCorpus({ dir, logger: createMemoryLogger() })
  const openS = (performance.now() - started) / 1000
  started = performance.now()
  openFileCorpus({ dir, logger: createMemoryLogger(), filter: false }).reader.close()
  const openNoFilterS = (performance.now() - started) / 1000
  print({
    figure: 'start-up: open the full corpus (checks, indexes, filter)',
    seconds: +openS.toFixed(3),
    withoutFilterS: +openNoFilterS.toFixed(3),
    baseline: 'reading filter.bin alone (s)',
    baselineValue: +readFilterS.toFixed(3),
    ratio: +(openS / readFilterS).toFixed(3),
    target: '< 1 s',
  })
  const filterBytes = manifest.files[FILTER_FILE]?.bytes ?? 0
  const keys = Array.from({ length: 1_000_000 }, randomHex)
  started = performance.now()
  let sink = 0
  for (const key of keys) sink += key.charCodeAt(7)
  const keySeconds = (performance.now() - started) / 1000
  started = performance.now()
  let positives = 0
  for (const key of keys) if (corpus.filter.mightContain(key)) positives++
  const lookupSeconds = (performance.now() - started) / 1000
  print({
    figure: `filter at full scale (${manifest.filter.scheme})`,
    bytesPerEntry: +(filterBytes / hashes).toFixed(3),
    filterMB: Math.round(filterBytes / 1e6),
    measuredFpr: manifest.filter.measuredFpr,
    lookupFpr: positives / keys.length,
    lookupsPerS: Math.round(keys.length / lookupSeconds),
    baseline: 'touching the same 1 M hex keys (keys/s)',
    baselineValue: Math.round(keys.length / keySeconds),
    ratio: +(keySeconds / lookupSeconds).toFixed(4),
    target: '>= 1 M lookups/s on one core',
    sink,
  })
  exactLookups(corpus, keys.slice(0, 20_000))
  corpus.reader.close()
}

/** A miss answered by the exact range (filter off) vs by the filter; and a raw body read. */
function exactLookups(corpus: ReturnType<typeof openFileCorpus>, keys: string[]) {
  let started = performance.now()
  for (const key of keys) corpus.filter.mightContain(key)
  const filterUs = ((performance.now() - started) * 1000) / keys.length
  let found = 0
  started = performance.now()
  for (const key of keys) {
    const body = corpus.reader.readBody('sha1', key.slice(0, 5))
    if (Buffer.from(body).includes(key.slice(5))) found++
  }
  const bodyUs = ((performance.now() - started) * 1000) / keys.length
  started = performance.now()
  void Promise.all(keys.slice(0, 2000).map((key) => corpus.reader.read('sha1', key.slice(0, 5))))
  const decodeUs = ((performance.now() - started) * 1000) / 2000
  print({
    figure: 'lookup of a miss with the filter off (exact range read) vs the filter',
    filterOffUsPerLookup: +bodyUs.toFixed(2),
    decodedRangeUsPerLookup: +decodeUs.toFixed(2),
    found,
    baseline: 'filter probe (µs)',
    baselineValue: +filterUs.toFixed(3),
    ratio: +(bodyUs / filterUs).toFixed(1),
    note: 'random prefixes over a corpus larger than RAM would add a disk read (page cache here)',
  })
}

function randomHex(): string {
  let hex = ''
  for (let i = 0; i < 5; i++) hex += ((Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, '0')
  return hex.toUpperCase()
}

const manifest = build()
startup(manifest)
if (!values.keep) rmSync(dir, { recursive: true, force: true })
