import type { HashMode, RangeEntry } from './range-reader.js'

/** Hex digits after the 5-hex prefix: SHA-1 is 40 hex, NTLM (MD4) is 32. */
export const SUFFIX_LENGTH: Record<HashMode, number> = { sha1: 35, ntlm: 27 }

const encoder = new TextEncoder()
const EMPTY = new Uint8Array(new ArrayBuffer(0))

/**
 * One range as HIBP sends it: `SUFFIX:COUNT` lines joined by CRLF, with no trailing CRLF.
 * V8's join and the native encoder beat a hand-written byte loop for ~1,000 rows.
 */
export function formatRangeBody(rows: readonly RangeEntry[]): Uint8Array<ArrayBuffer> {
  if (rows.length === 0) return EMPTY
  const lines = new Array<string>(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as RangeEntry
    lines[i] = `${row.suffix}:${row.count}`
  }
  return encoder.encode(lines.join('\r\n'))
}

/**
 * Parses a range body (CRLF or LF separated) into rows, dropping HIBP padding (`:0` rows).
 * Returns null when any line is not `HEX:DIGITS` of the expected suffix length, so a broken or
 * hostile upstream is reported as unavailable instead of being half-believed.
 */
export function parseRangeBody(text: string, suffixLength: number): Map<string, number> | null {
  const rows = new Map<string, number>()
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon !== suffixLength || !isHex(line, 0, colon)) return null
    const countText = line.slice(colon + 1)
    if (countText.length === 0 || countText.length > 15 || !isDigits(countText)) return null
    const count = Number(countText)
    if (count > 0) rows.set(line.slice(0, colon).toUpperCase(), count)
  }
  return rows
}

/** True when `text[start, end)` is hex, either case; no regex on the hot path. */
export function isHex(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    const digit = code >= 48 && code <= 57
    const upper = code >= 65 && code <= 70
    const lower = code >= 97 && code <= 102
    if (!digit && !upper && !lower) return false
  }
  return true
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 48 || code > 57) return false
  }
  return true
}

/** The uppercase 5-hex prefix, or null when `raw` is not exactly five hex characters. */
export function normalizePrefix(raw: string): string | null {
  if (raw.length !== 5 || !isHex(raw, 0, 5)) return null
  return raw.toUpperCase()
}
