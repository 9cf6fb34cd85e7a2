/**
 * DES in plain TypeScript for traditional and BSDi crypt(3) (Workers and OpenSSL 3's default
 * provider have no DES). Rounds use combined S-box/P-box tables and the crypt salt's E-box swap,
 * after FreeSec's layout: the 48-bit round input is two 24-bit halves.
 */
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64,
  56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53,
  45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
]
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60,
  52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21,
  13, 5, 28, 20, 12, 4,
]
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52,
  31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
]
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1]
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13,
  30, 6, 22, 11, 4, 25,
]
const SBOXES = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((row) => row.split(' ').map(Number))

/** Bit `position` (1 = most significant) of a `width`-bit number. */
const bit = (value: number, position: number, width: number): number =>
  (value >>> (width - position)) & 1

/** Applies a 1-based permutation table to a 32-bit word. */
function permute32(value: number, table: number[]): number {
  let out = 0
  for (const from of table) out = ((out << 1) | bit(value, from, 32)) >>> 0
  return out
}

/** SP[box][six bits]: S-box output already moved through P. */
const SP = SBOXES.map((box, index) =>
  Array.from({ length: 64 }, (_, v) => {
    const s = box[(((v >> 5) & 1) << 5) | ((v & 1) << 4) | ((v >> 1) & 0xf)] ?? 0
    return permute32((s << (28 - 4 * index)) >>> 0, P)
  }),
)
const FP = IP.map((_, j) => IP.indexOf(j + 1) + 1)

/** Sixteen 48-bit round keys, each as two 24-bit halves. */
export interface DesKeySchedule {
  left: Int32Array
  right: Int32Array
}

/** The key schedule (PC1, rotations, PC2) of an 8-byte key; parity bits are ignored. */
export function desKeySchedule(key: Uint8Array): DesKeySchedule {
  const keyBit = (n: number): number => ((key[(n - 1) >> 3] ?? 0) >> (7 - ((n - 1) & 7))) & 1
  let c = 0
  let d = 0
  PC1.forEach((from, i) => {
    if (i < 28) c = (c << 1) | keyBit(from)
    else d = (d << 1) | keyBit(from)
  })
  const left = new Int32Array(16)
  const right = new Int32Array(16)
  SHIFTS.forEach((shift, round) => {
    c = ((c << shift) | (c >>> (28 - shift))) & 0xfffffff
    d = ((d << shift) | (d >>> (28 - shift))) & 0xfffffff
    let k1 = 0
    let k2 = 0
    PC2.forEach((from, i) => {
      const b = from <= 28 ? bit(c, from, 28) : bit(d, from - 28, 28)
      if (i < 24) k1 = (k1 << 1) | b
      else k2 = (k2 << 1) | b
    })
    left[round] = k1
    right[round] = k2
  })
  return { left, right }
}

/** crypt's salt as the mask of E-box bit pairs to swap: salt bit i swaps bit i and i + 24. */
export function desSaltMask(salt: number): number {
  let mask = 0
  for (let i = 0; i < 24; i++) if ((salt >>> i) & 1) mask |= 1 << (23 - i)
  return mask
}

/**
 * Runs `count` DES encryptions of the block (`l`, `r`, already through IP) with the salted E-box,
 * without FP/IP between iterations (they cancel). Returns the pre-FP halves.
 */
export function desIterate(
  schedule: DesKeySchedule,
  mask: number,
  l0: number,
  r0: number,
  count: number,
): [number, number] {
  const { left, right } = schedule
  let l = l0 | 0
  let r = r0 | 0
  for (let n = 0; n < count; n++) {
    for (let round = 0; round < 16; round++) {
      const e1 =
        (((r & 1) << 23) |
          ((r >>> 27) << 18) |
          (((r >>> 23) & 63) << 12) |
          (((r >>> 19) & 63) << 6) |
          ((r >>> 15) & 63)) >>>
        0
      const e2 =
        ((((r >>> 11) & 63) << 18) |
          (((r >>> 7) & 63) << 12) |
          (((r >>> 3) & 63) << 6) |
          (((r & 0x1f) << 1) | (r >>> 31))) >>>
        0
      const swap = (e1 ^ e2) & mask
      const a = e1 ^ swap ^ (left[round] ?? 0)
      const b = e2 ^ swap ^ (right[round] ?? 0)
      const f =
        (SP[0]![a >>> 18]! |
          SP[1]![(a >>> 12) & 63]! |
          SP[2]![(a >>> 6) & 63]! |
          SP[3]![a & 63]! |
          SP[4]![b >>> 18]! |
          SP[5]![(b >>> 12) & 63]! |
          SP[6]![(b >>> 6) & 63]! |
          SP[7]![b & 63]!) ^
        l
      l = r
      r = f
    }
    const t = l
    l = r
    r = t
  }
  return [l >>> 0, r >>> 0]
}

/** Applies a 64-entry permutation to the block (`hi`, `lo`). */
function permute64(hi: number, lo: number, table: number[]): [number, number] {
  let outHi = 0
  let outLo = 0
  table.forEach((from, i) => {
    const b = from <= 32 ? bit(hi, from, 32) : bit(lo, from - 32, 32)
    if (i < 32) outHi = ((outHi << 1) | b) >>> 0
    else outLo = ((outLo << 1) | b) >>> 0
  })
  return [outHi, outLo]
}

export const desInitialPermutation = (hi: number, lo: number): [number, number] =>
  permute64(hi, lo, IP)
export const desFinalPermutation = (hi: number, lo: number): [number, number] =>
  permute64(hi, lo, FP)
