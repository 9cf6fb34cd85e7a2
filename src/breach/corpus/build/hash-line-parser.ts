/**
 * Byte-level parsers for corpus input lines. They work on a Uint8Array slice [start, end) of
 * the read buffer, so a billion-line import never builds one string per line.
 */

/** Sentinel for a malformed line. */
export const MALFORMED = -1
const MAX_COUNT = 0xffffffff

/**
 * Parses `HEX[:COUNT]` with exactly `hexDigits` hex digits (either case) into `digest`,
 * starting at nibble `firstNibble` (5 for the per-prefix folder, whose prefix is the file
 * name). Returns the count (1 when absent; saturates at 2^32 − 1) or MALFORMED.
 */
export function parseHexLine(
  line: Uint8Array,
  start: number,
  end: number,
  hexDigits: number,
  digest: Uint8Array,
  firstNibble: number,
): number {
  while (end > start && isSpace(line[end - 1] ?? 0)) end--
  if (end - start < hexDigits) return MALFORMED
  let i = 0
  if (firstNibble & 1) {
    // The folder case: the first suffix digit completes the prefix's third byte.
    const value = HEX_VALUES[line[start] as number] as number
    if (value < 0) return MALFORMED
    digest[firstNibble >> 1] = ((digest[firstNibble >> 1] as number) & 0xf0) | value
    i = 1
  }
  // Two digits per byte through a table: this loop runs once per line of a 1.7 B-line import.
  for (let byte = (firstNibble + i) >> 1; i + 1 < hexDigits; i += 2, byte++) {
    const high = HEX_VALUES[line[start + i] as number] as number
    const low = HEX_VALUES[line[start + i + 1] as number] as number
    if ((high | low) < 0) return MALFORMED
    digest[byte] = (high << 4) | low
  }
  if (i < hexDigits) {
    const value = HEX_VALUES[line[start + i] as number] as number
    if (value < 0) return MALFORMED
    digest[(firstNibble + i) >> 1] = value << 4
  }
  const rest = start + hexDigits
  if (rest === end) return 1
  if (line[rest] !== 58 || rest + 1 === end) return MALFORMED
  return parseCount(line, rest + 1, end)
}

/** Decimal digits in [start, end) as a count, saturating; MALFORMED if any non-digit. */
export function parseCount(line: Uint8Array, start: number, end: number): number {
  let count = 0
  for (let i = start; i < end; i++) {
    const digit = (line[i] ?? 0) - 48
    if (digit < 0 || digit > 9) return MALFORMED
    count = Math.min(MAX_COUNT, count * 10 + digit)
  }
  return end > start ? count : MALFORMED
}

/**
 * Where a plaintext line's password ends and its count. Passwords may contain ':', so a
 * trailing `:DIGITS` is read as a count only when the list is declared to carry counts
 * (`--with-counts`); otherwise the whole line is the password, counted once.
 */
export function splitPasswordLine(
  line: Uint8Array,
  start: number,
  end: number,
  withCounts: boolean,
): { end: number; count: number } {
  if (line[end - 1] === 13) end--
  if (!withCounts) return { end, count: 1 }
  for (let i = end - 1; i > start; i--) {
    if (line[i] === 58) {
      const count = parseCount(line, i + 1, end)
      return count === MALFORMED ? { end, count: 1 } : { end: i, count }
    }
    const digit = (line[i] ?? 0) - 48
    if (digit < 0 || digit > 9) break
  }
  return { end, count: 1 }
}

const isSpace = (code: number) => code === 13 || code === 32 || code === 9

// Hex digit values by byte, -1 for anything else.
const HEX_VALUES = new Int8Array(256).fill(-1)
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUES[digit.toString(16).charCodeAt(0)] = digit
  HEX_VALUES[digit.toString(16).toUpperCase().charCodeAt(0)] = digit
}
