/**
 * MD4 (RFC 1320) in plain TypeScript. NTLM hashes are MD4 over UTF-16LE, and Node 20's
 * OpenSSL 3 ships MD4 only in the legacy provider, so `createHash('md4')` cannot be relied on.
 * MD4 is broken as a hash; it is here only to compute and verify NTLM digests.
 */
const SHIFTS_1 = [3, 7, 11, 19]
const SHIFTS_2 = [3, 5, 9, 13]
const SHIFTS_3 = [3, 9, 11, 15]
const ORDER_3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]

const INITIAL_STATE = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]
// Scratch space: md4 is synchronous and never re-entered, so one set is safe.
const SINGLE_BLOCK = new Uint8Array(64)
const STATE = new Int32Array(4)
const WORDS = new Int32Array(16)

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n))

/** MD4 digest (16 bytes) of `bytes`. */
export function md4(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8
  const blocks = ((bytes.length + 8) >> 6) + 1
  // Passwords fit one block: reuse its buffer instead of allocating per hash.
  const padded = blocks === 1 ? SINGLE_BLOCK.fill(0) : new Uint8Array(blocks << 6)
  padded.set(bytes)
  padded[bytes.length] = 0x80
  writeWord(padded, padded.length - 8, bitLength >>> 0)
  writeWord(padded, padded.length - 4, Math.floor(bitLength / 2 ** 32))
  const state = STATE
  state.set(INITIAL_STATE)
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) {
      const at = block + i * 4
      WORDS[i] =
        (padded[at] as number) |
        ((padded[at + 1] as number) << 8) |
        ((padded[at + 2] as number) << 16) |
        ((padded[at + 3] as number) << 24)
    }
    compress(state, WORDS)
  }
  const out = new Uint8Array(16)
  for (let i = 0; i < 4; i++) writeWord(out, i * 4, state[i] as number)
  return out
}

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word & 0xff
  bytes[at + 1] = (word >>> 8) & 0xff
  bytes[at + 2] = (word >>> 16) & 0xff
  bytes[at + 3] = (word >>> 24) & 0xff
}

function compress(state: Int32Array, x: Int32Array): void {
  let a = state[0] ?? 0
  let b = state[1] ?? 0
  let c = state[2] ?? 0
  let d = state[3] ?? 0

  // Each step computes the new A, then rotates the registers: (A, B, C, D) ← (D, A', B, C).
  for (let i = 0; i < 16; i++) {
    const t = rotl((a + ((b & c) | (~b & d)) + (x[i] ?? 0)) | 0, SHIFTS_1[i & 3] ?? 0)
    a = d
    d = c
    c = b
    b = t
  }
  for (let i = 0; i < 16; i++) {
    const g = (b & c) | (b & d) | (c & d)
    const t = rotl(
      (a + g + (x[(i & 3) * 4 + (i >> 2)] ?? 0) + 0x5a827999) | 0,
      SHIFTS_2[i & 3] ?? 0,
    )
    a = d
    d = c
    c = b
    b = t
  }
  for (let i = 0; i < 16; i++) {
    const t = rotl(
      (a + (b ^ c ^ d) + (x[ORDER_3[i] ?? 0] ?? 0) + 0x6ed9eba1) | 0,
      SHIFTS_3[i & 3] ?? 0,
    )
    a = d
    d = c
    c = b
    b = t
  }
  state[0] = (state[0] ?? 0) + a
  state[1] = (state[1] ?? 0) + b
  state[2] = (state[2] ?? 0) + c
  state[3] = (state[3] ?? 0) + d
}

/** NTLM digest of a password: MD4 over its UTF-16LE code units (no normalization, like Windows). */
export function ntlmDigest(password: string): Uint8Array {
  const units = new Uint8Array(password.length * 2)
  for (let i = 0; i < password.length; i++) {
    const code = password.charCodeAt(i)
    units[i * 2] = code & 0xff
    units[i * 2 + 1] = code >> 8
  }
  return md4(units)
}
