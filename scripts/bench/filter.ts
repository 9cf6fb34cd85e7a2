/**
 * Filter figures (one JSON line each, ratios against baselines measured in this run):
 * - lookups/s of DigestBloomFilter vs bloom-filters' BloomFilter at the same n and FPR;
 * - filter bytes vs the Bloom optimum m = -n ln p / ln²2 bits;
 * - measured FPR on 1 M random non-members vs the target;
 * - load time of a 100 M-hash filter file vs a raw read of the same file.
 * Run: npx tsx scripts/bench/filter.ts [--quick]
 */
import bf from 'bloom-filters'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { bloomParameters } from '../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../../src/breach/filter/digest-bloom-filter.js'
import { readFilterFile, writeFilterFile } from '../../src/breach/filter/filter-file-node.js'

const quick = process.argv.includes('--quick')
const FPR = 0.001
// The load average goes with every figure: on a shared machine absolute rates move, ratios less.
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, loadavg1m: +(loadavg()[0] ?? 0).toFixed(1) }))
const randomHexes = (count: number) => {
  const hex = randomBytes(count * 20)
    .toString('hex')
    .toUpperCase()
  return Array.from({ length: count }, (_, i) => hex.slice(i * 40, i * 40 + 40))
}

/** Median rate over `rounds` runs after one warm-up run (the JIT and a shared machine). */
function perSecond(count: number, run: () => void, rounds = 5): number {
  run()
  const rates: number[] = []
  for (let r = 0; r < rounds; r++) {
    const started = performance.now()
    run()
    rates.push(count / ((performance.now() - started) / 1000))
  }
  return rates.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? 0
}

function lookups(): void {
  // bloom-filters adds ~70 k/s, so the shared comparison uses n = 100 k.
  const n = quick ? 20_000 : 100_000
  const members = randomHexes(n)
  const probes = [...members.slice(0, n / 2), ...randomHexes(n / 2)]
  const ours = new DigestBloomFilter(bloomParameters(n, FPR))
  members.forEach((hex) => ours.add(hex))
  const theirs = bf.BloomFilter.create(n, FPR)
  members.forEach((hex) => theirs.add(hex))
  let sink = 0
  const baseline = perSecond(probes.length, () =>
    probes.forEach((hex) => (sink += theirs.has(hex) ? 1 : 0)),
  )
  const rounds = 20
  const rate = perSecond(probes.length * rounds, () => {
    for (let r = 0; r < rounds; r++) for (const hex of probes) if (ours.mightContain(hex)) sink++
  })
  print({
    figure: 'filter lookups/s (hex SHA-1, one core)',
    n,
    fpr: FPR,
    value: Math.round(rate),
    baseline: 'bloom-filters 3.0.4 BloomFilter.has',
    baselineValue: Math.round(baseline),
    ratio: +(rate / baseline).toFixed(1),
    target: '>= 3,000,000/s',
    sink,
  })
  const big = quick ? 200_000 : 1_000_000
  const bigFilter = new DigestBloomFilter(bloomParameters(big, FPR))
  const bigMembers = randomHexes(big)
  bigMembers.forEach((hex) => bigFilter.add(hex))
  const mixed = [...bigMembers.slice(0, big / 2), ...randomHexes(big / 2)]
  const bigRate = perSecond(mixed.length, () => {
    for (const hex of mixed) if (bigFilter.mightContain(hex)) sink++
  })
  print({
    figure: 'filter lookups/s at 1 M items (1.8 MB, half members)',
    n: big,
    value: Math.round(bigRate),
    baseline: 'target 3 M/s',
    ratio: +(bigRate / 3e6).toFixed(2),
  })
  sizeAndFpr(bigFilter, big)
}

function sizeAndFpr(filter: DigestBloomFilter, n: number): void {
  const optimum = (-n * Math.log(FPR)) / Math.LN2 ** 2 / 8
  print({
    figure: 'filter bytes vs Bloom optimum',
    n,
    fpr: FPR,
    value: filter.array.length,
    baseline: 'm = -n ln p / ln²2 bits',
    baselineValue: Math.round(optimum),
    ratio: +(filter.array.length / optimum).toFixed(4),
    target: '< 1.02',
  })
  const probes = quick ? 200_000 : 1_000_000
  let hits = 0
  for (const hex of randomHexes(probes)) if (filter.mightContain(hex)) hits++
  print({
    figure: 'filter measured FPR vs target',
    n,
    probes,
    value: hits / probes,
    baseline: 'target FPR',
    baselineValue: FPR,
    ratio: +(hits / probes / FPR).toFixed(3),
    target: '<= 1.2',
  })
}

function loadTime(): void {
  const n = quick ? 10_000_000 : 100_000_000
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-filter-bench-'))
  const file = join(dir, 'filter.bin')
  try {
    const filter = new DigestBloomFilter(bloomParameters(n, FPR))
    filter.array.fill(0x5a)
    writeFilterFile(file, filter)
    let started = performance.now()
    const raw = readFileSync(file)
    const rawMs = performance.now() - started
    started = performance.now()
    const loaded = readFilterFile(file)
    const loadMs = performance.now() - started
    print({
      figure: `filter file load (${n.toLocaleString('en')} hashes, ${(raw.length / 1e6).toFixed(0)} MB)`,
      value: `${loadMs.toFixed(0)} ms`,
      baseline: 'fs.readFileSync of the same file',
      baselineValue: `${rawMs.toFixed(0)} ms`,
      ratio: +(loadMs / rawMs).toFixed(2),
      bits: loaded.bits,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

lookups()
loadTime()
