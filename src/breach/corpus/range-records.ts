import { Buffer } from 'node:buffer'
import type { HashMode, RangeEntry } from '../range-reader.js'
import { recordBytes, suffixBytes, suffixHexDigits } from './corpus-format.js'

// ASCII codes of the two uppercase hex digits of every byte value.
const HEX_PAIRS = new Uint8Array(512)
for (let byte = 0; byte < 256; byte++) {
  const text = byte.toString(16).toUpperCase().padStart(2, '0')
  HEX_PAIRS[byte * 2] = text.charCodeAt(0)
  HEX_PAIRS[byte * 2 + 1] = text.charCodeAt(1)
}
// The same pairs as one 16-bit code each (low byte first), for the body formatter.
const HEX_PAIR_CODES = new Uint16Array(256)
for (let byte = 0; byte < 256; byte++) {
  HEX_PAIR_CODES[byte] =
    (HEX_PAIRS[byte * 2] as number) | ((HEX_PAIRS[byte * 2 + 1] as number) << 8)
}
const COLON = 58
const CR = 13
const LF = 10
// CR then LF as one little-endian 16-bit store.
const CRLF = CR | (LF << 8)

/** Bytes a formatted row takes at most: suffix digits, colon, a uint32's 10 digits, CRLF. */
export const maxBodyRowBytes = (mode: HashMode) => suffixHexDigits(mode) + 1 + 10 + 2

/**
 * Formats packed data records (see corpus-format.ts) straight into a range body:
 * `SUFFIX:COUNT` rows, uppercase, joined by CRLF, no trailing CRLF (as HIBP serves it).
 */
export function formatRangeBody(records: Uint8Array, mode: HashMode): Uint8Array {
  const rows = Math.floor(records.length / recordBytes(mode))
  if (rows === 0) return new Uint8Array(0)
  const out = Buffer.allocUnsafe(rows * maxBodyRowBytes(mode))
  return out.subarray(0, formatRangeRows(records, 0, rows, mode, out, 0))
}

/**
 * Formats the `rows` records at `records[from]` as one range body (formatRangeBody's bytes)
 * into `out[at]`, which has room for `rows * maxBodyRowBytes(mode)`; returns the offset after
 * it. The build formats many ranges into one buffer this way, with no allocation per range.
 */
export function formatRangeRows(
  records: Uint8Array,
  from: number,
  rows: number,
  mode: HashMode,
  out: Uint8Array,
  at: number,
): number {
  const width = recordBytes(mode)
  const packed = suffixBytes(mode)
  // Suffixes have an odd digit count: every packed byte gives two digits but the last one.
  const whole = suffixHexDigits(mode) >> 1
  const quads = hexQuads()
  // Unaligned multi-byte stores: four digits per store halve the formatting CPU.
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  // The hot loop of a cold /range and of the build (~10^9 rows).
  for (let row = 0; row < rows; row++) {
    const base = from + row * width
    if (row > 0) {
      view.setUint16(at, CRLF, true)
      at += 2
    }
    let j = 0
    for (; j + 1 < whole; j += 2) {
      const word = ((records[base + j] as number) << 8) | (records[base + j + 1] as number)
      view.setUint32(at, quads[word] as number, true)
      at += 4
    }
    if (j < whole) {
      view.setUint16(at, HEX_PAIR_CODES[records[base + j] as number] as number, true)
      at += 2
    }
    if (packed > whole)
      out[at++] = (HEX_PAIR_CODES[records[base + whole] as number] as number) & 0xff
    out[at++] = COLON
    at = writeDecimal(out, at, readCount(records, base + packed))
  }
  return at
}

let HEX_QUADS: Uint32Array | undefined

/** The four uppercase hex digits of every 16-bit value (ASCII, low byte first): 256 KB. */
function hexQuads(): Uint32Array {
  if (HEX_QUADS) return HEX_QUADS
  HEX_QUADS = new Uint32Array(65536)
  for (let word = 0; word < 65536; word++) {
    HEX_QUADS[word] =
      ((HEX_PAIR_CODES[word >> 8] as number) | ((HEX_PAIR_CODES[word & 0xff] as number) << 16)) >>>
      0
  }
  return HEX_QUADS
}

/** Decodes packed records into rows (uppercase suffix, count), in stored (sorted) order. */
export function decodeRangeRows(records: Uint8Array, mode: HashMode): RangeEntry[] {
  const width = recordBytes(mode)
  const packed = suffixBytes(mode)
  const digits = suffixHexDigits(mode)
  const rows: RangeEntry[] = []
  const decoder = new TextDecoder()
  const hex = new Uint8Array(packed * 2)
  for (let base = 0; base + width <= records.length; base += width) {
    for (let j = 0; j < packed; j++) {
      const pair = (records[base + j] ?? 0) * 2
      hex[j * 2] = HEX_PAIRS[pair] ?? 0
      hex[j * 2 + 1] = HEX_PAIRS[pair + 1] ?? 0
    }
    rows.push({
      suffix: decoder.decode(hex.subarray(0, digits)),
      count: readCount(records, base + packed),
    })
  }
  return rows
}

/** uint32 little-endian at `at`. */
export function readCount(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) |
      ((bytes[at + 1] ?? 0) << 8) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 3] ?? 0) << 24)) >>>
    0
  )
}

function writeDecimal(out: Uint8Array, at: number, value: number): number {
  // Breach counts are mostly small: one digit needs no division at all.
  if (value < 10) {
    out[at] = 48 + value
    return at + 1
  }
  // Digits written from the last one back: no string per row (the build formats ~10^9 rows).
  let end = at + 2
  for (let limit = 100; value >= limit && limit <= 1e9; limit *= 10) end++
  for (let i = end - 1; i >= at; i--) {
    const rest = (value / 10) >>> 0
    out[i] = 48 + value - rest * 10
    value = rest
  }
  return end
}
