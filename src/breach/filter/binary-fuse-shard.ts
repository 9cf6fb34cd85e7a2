/**
 * One shard of a binary fuse filter with 8-bit fingerprints (Graf & Lemire, "Binary Fuse
 * Filters", 2022; the layout and sizing of their C `binaryfusefilter.h`, arity 3): ~9.1 bits
 * per key at FPR 2^-8 (0.39 %). Keys are three uint32 words taken from a SHA-1 digest, which is
 * already uniform; `mix` with the shard's seed only serves to retry a failed construction.
 */
export interface FuseShardParameters {
  seed: number
  segmentLength: number
  /** segmentCount × segmentLength: h0 ranges over it. */
  segmentCountLength: number
  arrayLength: number
  size: number
}

const MAX_SEGMENT_LENGTH = 262_144
const MAX_ATTEMPTS = 100

/** Sizing of the reference implementation (arity 3). An empty shard has no array at all. */
export function fuseShardParameters(size: number, seed = 0): FuseShardParameters {
  if (size === 0) return { seed, segmentLength: 4, segmentCountLength: 0, arrayLength: 0, size }
  const log = Math.floor(Math.log(size) / Math.log(3.33) + 2.25)
  const segmentLength = Math.min(MAX_SEGMENT_LENGTH, 2 ** Math.max(2, log))
  const sizeFactor =
    size <= 1 ? 0 : Math.max(1.125, 0.875 + (0.25 * Math.log(1e6)) / Math.log(size))
  const capacity = Math.round(size * sizeFactor)
  const segmentCount = Math.max(1, Math.ceil(capacity / segmentLength) - 2)
  return {
    seed,
    segmentLength,
    segmentCountLength: segmentCount * segmentLength,
    arrayLength: (segmentCount + 2) * segmentLength,
    size,
  }
}

/** murmur3's 32-bit finaliser over `word` + `seed`: a bijection, so distinct keys stay distinct. */
export function mix(word: number, seed: number): number {
  let h = (word + Math.imul(seed, 0x9e3779b9)) | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * The three slots and the fingerprint of key (w1, w2, w3) into `out` [h0, h1, h2, fp]: h0 in
 * segment s, h1 in s + 1, h2 in s + 2 (so they never collide), fp from bits no slot uses.
 */
export function fuseSlots(
  seed: number,
  segmentLength: number,
  segmentCountLength: number,
  w1: number,
  w2: number,
  w3: number,
  out: Uint32Array,
): void {
  const a = mix(w1, seed)
  const b = mix(w2, seed)
  const c = mix(w3, seed)
  const mask = segmentLength - 1
  const h0 = Math.floor((a * segmentCountLength) / 4294967296)
  out[0] = h0
  out[1] = (h0 + segmentLength) ^ (b & mask)
  out[2] = (h0 + 2 * segmentLength) ^ (c & mask)
  out[3] = (b >>> 24) ^ (c >>> 24)
}

const slotsOf = (p: FuseShardParameters, keys: Uint32Array, k: number, out: Uint32Array) =>
  fuseSlots(
    p.seed,
    p.segmentLength,
    p.segmentCountLength,
    keys[k * 3] as number,
    keys[k * 3 + 1] as number,
    keys[k * 3 + 2] as number,
    out,
  )

/**
 * Builds one shard from `size` keys (3 words each in `keys`), retrying with the next seed when
 * peeling fails (rare at this sizing). Working memory ~40 bytes per key, freed on return.
 */
export function buildFuseShard(
  keys: Uint32Array,
  size: number,
): { parameters: FuseShardParameters; fingerprints: Uint8Array } {
  for (let seed = 0; seed < MAX_ATTEMPTS; seed++) {
    const parameters = fuseShardParameters(size, seed)
    const fingerprints = tryBuild(keys, parameters)
    if (fingerprints) return { parameters, fingerprints }
  }
  throw new Error(
    `binary fuse shard of ${size} keys failed ${MAX_ATTEMPTS} times (duplicate keys?)`,
  )
}

function tryBuild(keys: Uint32Array, p: FuseShardParameters): Uint8Array | null {
  const { size, arrayLength } = p
  const fingerprints = new Uint8Array(arrayLength)
  if (size === 0) return fingerprints
  // Each key's three slots and fingerprint, hashed once per seed (the passes below reuse them).
  const slots = new Uint32Array(size * 3)
  const prints = new Uint8Array(size)
  const h = new Uint32Array(4)
  for (let k = 0; k < size; k++) {
    slotsOf(p, keys, k, h)
    slots[k * 3] = h[0] as number
    slots[k * 3 + 1] = h[1] as number
    slots[k * 3 + 2] = h[2] as number
    prints[k] = h[3] as number
  }
  // Per slot: count << 2 | xor of the key's position (0, 1, 2) there; xor of key numbers.
  const count = new Uint8Array(arrayLength)
  const xor = new Uint32Array(arrayLength)
  for (let k = 0; k < size; k++) {
    for (let j = 0; j < 3; j++) {
      const slot = slots[k * 3 + j] as number
      const next = ((count[slot] as number) + 4) ^ j
      // More than 63 keys in one slot overflows the counter: give up on this seed.
      if (next > 255) return null
      count[slot] = next
      xor[slot] = (xor[slot] as number) ^ k
    }
  }
  const queue = new Uint32Array(arrayLength)
  let queued = 0
  for (let slot = 0; slot < arrayLength; slot++)
    if ((count[slot] as number) >> 2 === 1) queue[queued++] = slot
  const stackKeys = new Uint32Array(size)
  const stackFound = new Uint8Array(size)
  let stacked = 0
  while (queued > 0) {
    const slot = queue[--queued] as number
    if ((count[slot] as number) >> 2 !== 1) continue
    const k = xor[slot] as number
    const found = (count[slot] as number) & 3
    stackKeys[stacked] = k
    stackFound[stacked++] = found
    for (let step = 1; step < 3; step++) {
      const j = (found + step) % 3
      const other = slots[k * 3 + j] as number
      if ((count[other] as number) >> 2 === 2) queue[queued++] = other
      count[other] = ((count[other] as number) - 4) ^ j
      xor[other] = (xor[other] as number) ^ k
    }
  }
  if (stacked !== size) return null
  for (let i = size - 1; i >= 0; i--) {
    const k = stackKeys[i] as number
    const found = stackFound[i] as number
    const a = slots[k * 3 + ((found + 1) % 3)] as number
    const b = slots[k * 3 + ((found + 2) % 3)] as number
    fingerprints[slots[k * 3 + found] as number] =
      (prints[k] as number) ^ (fingerprints[a] as number) ^ (fingerprints[b] as number)
  }
  return fingerprints
}
