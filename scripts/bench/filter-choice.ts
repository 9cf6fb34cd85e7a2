/**
 * Filter choice at scale (issue 14): the shipped Bloom filter (double hashing over the whole
 * bit array, ~14.4 bits/entry at 0.1 %), a cache-line-blocked Bloom (one 512-bit block per
 * digest, all k bits inside it) and the sharded binary fuse filter (8-bit fingerprints), all
 * filled from the same digests in HIBP's shape, generated sorted on the fly (no input on disk,
 * no digest array in RAM: members for the hit test are a 1-in-N sample kept while generating).
 *
 *   npx tsx scripts/bench/filter-choice.ts [--items 500000000] [--only bloom,blocked,fuse]
 *
 * Per filter: bytes/entry, FPR on 10^6 random non-members, lookups/s of members and of
 * non-members (40-hex keys, as `/v1/passwords/check` asks) on one core, build seconds, and
 * for the fuse filter the load time of its file (one read, no parse; baseline: reading the
 * same bytes with readFileSync). Baseline for the rest (same run): the shipped Bloom.
 */
import { randomFillSync } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { bloomParameters } from '../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../../src/breach/filter/digest-bloom-filter.js'
import { FuseFilterBuilder } from '../../src/breach/filter/fuse-filter-builder.js'
import {
  readFuseFilterFile,
  writeFuseFilterFile,
} from '../../src/breach/filter/fuse-filter-file-node.js'
import { BlockedBloom } from './blocked-bloom.js'
import { generateHibpShape } from './hibp-shape.js'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '500000000' },
    only: { type: 'string', default: 'bloom,blocked,fuse' },
    file: { type: 'string', default: '/tmp/pwguard-filter-choice.fuse' },
  },
})
const items = Number(values.items)
const only = new Set((values.only as string).split(','))
const SAMPLE = 1_000_000
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, items, loadavg1m: +(loadavg()[0] ?? 0).toFixed(2) }))

type Probe = { has: (hex: string) => boolean; bytes: number }
const probes = new Map<string, Probe & { buildS: number }>()
const members: string[] = []
const every = Math.max(1, Math.floor(items / SAMPLE))
const hexOf = (digest: Uint8Array) => Buffer.from(digest).toString('hex').toUpperCase()

function fill(name: string, sink: (digest: Uint8Array) => void, done: () => Probe) {
  if (!only.has(name)) return
  const started = performance.now()
  const cpu = process.cpuUsage()
  generateHibpShape(items, (digest, _count, n) => {
    sink(digest)
    if (members.length < SAMPLE && n % every === 0) members.push(hexOf(digest))
  })
  const probe = done()
  const used = process.cpuUsage(cpu)
  const buildS = (performance.now() - started) / 1000
  probes.set(name, { ...probe, buildS })
  print({
    figure: `filter choice: ${name} filled`,
    buildS: +buildS.toFixed(1),
    cpuS: +((used.user + used.system) / 1e6).toFixed(1),
    rssMB: Math.round(process.memoryUsage.rss() / 1e6),
  })
}

const generatorStarted = performance.now()
generateHibpShape(items, () => {})
const generatorS = (performance.now() - generatorStarted) / 1000

let bloom: DigestBloomFilter | undefined
fill(
  'bloom',
  (d) => (bloom ??= new DigestBloomFilter(bloomParameters(items, 0.001))).addDigest(d, 0),
  () => {
    const filter = bloom as DigestBloomFilter
    return { has: (hex) => filter.mightContain(hex), bytes: filter.array.length }
  },
)
const blocked = only.has('blocked') ? new BlockedBloom(items, 16, 8) : undefined
fill(
  'blocked',
  (d) => blocked?.add(d, 0),
  () => ({
    has: (hex) => (blocked as BlockedBloom).mightContain(hex),
    bytes: (blocked as BlockedBloom).bytes,
  }),
)
const builder = only.has('fuse') ? new FuseFilterBuilder(items) : undefined
let loadS = 0
let readS = 0
fill(
  'fuse',
  (d) => builder?.addDigest(d, 0),
  () => {
    const built = (builder as FuseFilterBuilder).finish()
    writeFuseFilterFile(values.file as string, built)
    let started = performance.now()
    readFileSync(values.file as string)
    readS = (performance.now() - started) / 1000
    started = performance.now()
    const loaded = readFuseFilterFile(values.file as string)
    loadS = (performance.now() - started) / 1000
    rmSync(values.file as string)
    return { has: (hex) => loaded.mightContain(hex), bytes: loaded.bytes }
  },
)

const strangers = Array.from({ length: SAMPLE }, () => hexOf(randomFillSync(new Uint8Array(20))))
const cpuS = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

/** Wall and CPU-time rates: under the shared machine's load, the CPU ones are the steady ones. */
function measure({ has }: Probe) {
  let started = performance.now()
  let cpu = process.cpuUsage()
  let positives = 0
  for (const hex of strangers) if (has(hex)) positives++
  const missS = (performance.now() - started) / 1000
  const missCpuS = cpuS(cpu)
  started = performance.now()
  cpu = process.cpuUsage()
  let found = 0
  for (const hex of members) if (has(hex)) found++
  const hitS = (performance.now() - started) / 1000
  const hitCpuS = cpuS(cpu)
  if (found !== members.length) throw new Error('a member was not found')
  return {
    fpr: positives / strangers.length,
    missesPerS: Math.round(strangers.length / missS),
    hitsPerS: Math.round(members.length / hitS),
    missesPerCpuS: Math.round(strangers.length / missCpuS),
    hitsPerCpuS: Math.round(members.length / hitCpuS),
  }
}

const results = new Map([...probes].map(([name, probe]) => [name, measure(probe)]))
const base = results.get('bloom')
for (const [name, result] of results) {
  const probe = probes.get(name) as Probe & { buildS: number }
  print({
    figure: `filter choice at scale: ${name}`,
    bytesPerEntry: +(probe.bytes / items).toFixed(3),
    filterMB: Math.round(probe.bytes / 1e6),
    ...result,
    buildS: +probe.buildS.toFixed(1),
    generatorAloneS: +generatorS.toFixed(1),
    ...(name === 'fuse' && { loadS: +loadS.toFixed(3), readFileSyncS: +readS.toFixed(3) }),
    ...(base && {
      baseline: 'shipped Bloom, same digests and keys',
      missRatio: +(result.missesPerS / base.missesPerS).toFixed(2),
      hitRatio: +(result.hitsPerS / base.hitsPerS).toFixed(2),
      bytesRatio: +(probe.bytes / (probes.get('bloom')?.bytes ?? 1)).toFixed(3),
    }),
  })
}
