/**
 * Filter choice at scale (issue 14): the shipped Bloom filter (double hashing over the whole
 * bit array, ~14.4 bits/entry at 0.1 %) against a cache-line-blocked Bloom prototype (one
 * 512-bit block per digest, all k bits inside it), on the same random digests.
 *
 *   npx tsx scripts/bench/filter-choice.ts [--items 50000000] [--bits-per-entry 16] [--k 8]
 *
 * Per filter: bytes/entry, FPR on 10^6 random non-members, lookups/s of members and of
 * non-members from raw digests on one core. Baseline (same run): the shipped filter.
 * A binary fuse filter (~9 bits/entry at 0.39 %, ~18 at 0.0015 %) was not built: its
 * construction needs ~12+ bytes per key of temporary arrays (≥ 6 GB at 5 × 10^8) unless built
 * per shard, which is the next step if RAM per entry must drop below the Bloom's.
 */
import { randomFillSync } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { bloomParameters } from '../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter, byteWord48 } from '../../src/breach/filter/digest-bloom-filter.js'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '50000000' },
    'bits-per-entry': { type: 'string', default: '16' },
    k: { type: 'string', default: '8' },
  },
})
const items = Number(values.items)
const k = Number(values.k)

/** One 512-bit block per digest (chosen by its first 48 bits); k 9-bit positions inside it. */
class BlockedBloom {
  readonly words: Uint32Array
  readonly blocks: number
  constructor(bitsPerEntry: number) {
    this.blocks = Math.ceil((items * bitsPerEntry) / 512)
    this.words = new Uint32Array(this.blocks * 16)
  }
  private base(digest: Uint8Array, at: number): number {
    return Math.floor((byteWord48(digest, at) / 2 ** 48) * this.blocks) * 16
  }
  add(digest: Uint8Array, at: number): void {
    const base = this.base(digest, at)
    let bits = byteWord48(digest, at + 6)
    let more = byteWord48(digest, at + 12)
    for (let i = 0; i < k; i++) {
      const position = (i < 5 ? bits : more) % 512
      if (i < 5) bits = Math.floor(bits / 512)
      else more = Math.floor(more / 512)
      const word = base + (position >>> 5)
      this.words[word] = (this.words[word] as number) | (1 << (position & 31))
    }
  }
  has(digest: Uint8Array, at: number): boolean {
    const base = this.base(digest, at)
    let bits = byteWord48(digest, at + 6)
    let more = byteWord48(digest, at + 12)
    for (let i = 0; i < k; i++) {
      const position = (i < 5 ? bits : more) % 512
      if (i < 5) bits = Math.floor(bits / 512)
      else more = Math.floor(more / 512)
      if (((this.words[base + (position >>> 5)] as number) & (1 << (position & 31))) === 0) {
        return false
      }
    }
    return true
  }
}

const members = new Uint8Array(items * 20)
randomFillSync(members, 0, Math.min(members.length, 2 ** 31 - 1))
if (members.length > 2 ** 31 - 1) randomFillSync(members, 2 ** 31 - 1)
const strangers = randomFillSync(new Uint8Array(1_000_000 * 20))
const sample = 1_000_000

const bloom = new DigestBloomFilter(bloomParameters(items, 0.001))
for (let i = 0; i < items; i++) bloom.addDigest(members, i * 20)
const blocked = new BlockedBloom(Number(values['bits-per-entry']))
for (let i = 0; i < items; i++) blocked.add(members, i * 20)

function measure(has: (digests: Uint8Array, at: number) => boolean) {
  let started = performance.now()
  let positives = 0
  for (let i = 0; i < sample; i++) if (has(strangers, i * 20)) positives++
  const missS = (performance.now() - started) / 1000
  started = performance.now()
  let found = 0
  const stride = Math.max(1, Math.floor(items / sample))
  for (let i = 0; i < sample; i++) if (has(members, ((i * stride) % items) * 20)) found++
  const hitS = (performance.now() - started) / 1000
  if (found !== sample) throw new Error('a member was not found')
  return {
    fpr: positives / sample,
    missesPerS: Math.round(sample / missS),
    hitsPerS: Math.round(sample / hitS),
  }
}

const shipped = measure((d, at) => bloom.mightContainDigest(d, at))
const proto = measure((d, at) => blocked.has(d, at))
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, items, loadavg1m: +(loadavg()[0] ?? 0).toFixed(1) }))
print({
  figure: 'filter choice: shipped Bloom (double hashing)',
  bytesPerEntry: +(bloom.array.length / items).toFixed(3),
  hashes: bloom.hashes,
  ...shipped,
})
print({
  figure: 'filter choice: blocked Bloom prototype (512-bit blocks)',
  bytesPerEntry: +((blocked.words.length * 4) / items).toFixed(3),
  hashes: k,
  ...proto,
  baseline: 'shipped Bloom, same digests',
  missRatio: +(proto.missesPerS / shipped.missesPerS).toFixed(2),
  hitRatio: +(proto.hitsPerS / shipped.hitsPerS).toFixed(2),
  fprRatio: +(proto.fpr / Math.max(shipped.fpr, 1e-9)).toFixed(2),
})
