/**
 * DES in plain TypeScript for traditional and BSDi crypt(3) (Workers and OpenSSL 3's default
 * provider have no DES). Rounds use combined S-box/P-box tables and the crypt salt's E-box swap,
 * after FreeSec's layout: the 48-bit round input is two 24-bit halves.
 */
import { IP, P, PC1, PC2, SBOXES, SHIFTS } from './des-tables.js'

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
