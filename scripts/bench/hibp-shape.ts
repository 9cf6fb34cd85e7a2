/**
 * Generates `total` SHA-1 digests shaped like HIBP's corpus, in sorted order, without disk:
 * every one of the 2^20 prefixes gets about total / 2^20 rows (Poisson spread, as uniform
 * hashes give), and breach counts are skewed (most 1–3, a long tail into the millions). Rows
 * of a prefix are stratified over the next 32 bits, so they come out sorted and distinct.
 * `onDigest` gets a reused 20-byte buffer. `prefixes` limits the run to the first ones.
 */
export function generateHibpShape(
  total: number,
  onDigest: (digest: Uint8Array, count: number, done: number) => void,
  prefixes = 1 << 20,
): void {
  const mean = total / 2 ** 20
  const digest = new Uint8Array(20)
  let state = 0x9e3779b9
  // xorshift32: fast, and the bench only needs well-spread bits, not secrecy.
  const next = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return state >>> 0
  }
  let done = 0
  let owed = 0
  for (let prefix = 0; prefix < prefixes; prefix++) {
    // Normal approximation of Poisson(mean); the last prefix takes what is owed.
    const noise = (next() / 2 ** 32 + next() / 2 ** 32 + next() / 2 ** 32 - 1.5) * 2
    owed += mean
    let rows = Math.max(0, Math.round(owed + noise * Math.sqrt(mean)))
    if (prefix === 2 ** 20 - 1) rows = total - done
    rows = Math.min(rows, total - done)
    owed -= rows
    digest[0] = prefix >>> 12
    digest[1] = (prefix >>> 4) & 0xff
    for (let i = 0; i < rows; i++) {
      const v = Math.floor(((i + next() / 2 ** 32) * 2 ** 32) / rows) >>> 0
      digest[2] = ((prefix & 0xf) << 4) | (v >>> 28)
      digest[3] = (v >>> 20) & 0xff
      digest[4] = (v >>> 12) & 0xff
      digest[5] = (v >>> 4) & 0xff
      const r1 = next()
      digest[6] = ((v & 0xf) << 4) | (r1 & 0xf)
      digest[7] = (r1 >>> 8) & 0xff
      digest[8] = (r1 >>> 16) & 0xff
      digest[9] = r1 >>> 24
      for (let j = 10; j < 20; j += 4) {
        const r = next()
        digest[j] = r & 0xff
        digest[j + 1] = (r >>> 8) & 0xff
        if (j + 2 < 20) digest[j + 2] = (r >>> 16) & 0xff
        if (j + 3 < 20) digest[j + 3] = r >>> 24
      }
      // Skewed counts: P(count >= c) ~ c^-0.8, capped like HIBP's largest (~5 * 10^7).
      const count = skewedCount((next() + 1) / 2 ** 32)
      done++
      onDigest(digest, count, done)
    }
  }
}

// floor(u^-1.25) is c exactly when u lies in (c+1)^-0.8 < u <= c^-0.8. Math.pow costs ~50 ns
// (more than the rest of a row), so the common small counts come from these bounds, widened
// by a relative 1e-9 either side; a u inside a widened bound or past the table takes the pow,
// so every count is the one `Math.floor(u ** -1.25)` gives.
const TABLE_COUNTS = 32
const SURELY_AT_LEAST = new Float64Array(TABLE_COUNTS + 2)
const SURELY_BELOW = new Float64Array(TABLE_COUNTS + 2)
for (let c = 1; c <= TABLE_COUNTS + 1; c++) {
  SURELY_AT_LEAST[c] = c ** -0.8 * (1 - 1e-9)
  SURELY_BELOW[c] = c ** -0.8 * (1 + 1e-9)
}

function skewedCount(u: number): number {
  let c = 1
  while (c <= TABLE_COUNTS && u < (SURELY_AT_LEAST[c + 1] as number)) c++
  if (c > TABLE_COUNTS || u <= (SURELY_BELOW[c + 1] as number)) {
    return Math.min(50_000_000, Math.floor(u ** -1.25))
  }
  return c
}
