import type { Random } from '../ports/random.js'
import type { HashMode, RangeEntry, RangeReader } from './range-reader.js'

/** HIBP pads every range to at least 800 rows; a uniform count hides which prefix was asked. */
export const MIN_PADDED_ROWS = 800

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0').toUpperCase(),
)

/**
 * The row count every padded response of one mode has: at least 800 and at least the largest
 * real range. It only grows (live additions can enlarge a range), so a real row is never cut.
 */
export function createPaddingTarget(reader: RangeReader): (mode: HashMode, rows: number) => number {
  const targets = new Map<HashMode, number>()
  for (const mode of reader.modes) {
    targets.set(mode, Math.max(MIN_PADDED_ROWS, reader.maxRangeRows(mode)))
  }
  return (mode, rows) => {
    // Re-asked each time: live additions can raise the reader's bound after start-up.
    const known = Math.max(targets.get(mode) ?? MIN_PADDED_ROWS, reader.maxRangeRows(mode))
    const target = Math.max(known, rows)
    targets.set(mode, target)
    return target
  }
}

/**
 * Adds `:0` rows with random suffixes until the range holds `target` rows, then sorts all rows
 * by suffix as HIBP does, so a padding row's position says nothing. A padding suffix never
 * equals a real one: a client must never read a real hash as "count 0".
 */
export function padRange(
  rows: readonly RangeEntry[],
  target: number,
  suffixLength: number,
  random: Random,
): RangeEntry[] {
  const missing = target - rows.length
  if (missing <= 0) return [...rows]
  const taken = new Set<string>()
  for (const row of rows) taken.add(row.suffix)
  const padded: RangeEntry[] = [...rows]
  const bytesPerSuffix = Math.ceil(suffixLength / 2)
  while (padded.length < target) {
    const pool = random.bytes((target - padded.length) * bytesPerSuffix)
    for (let offset = 0; offset < pool.length; offset += bytesPerSuffix) {
      const suffix = hexSlice(pool, offset, bytesPerSuffix, suffixLength)
      if (taken.has(suffix)) continue
      taken.add(suffix)
      padded.push({ suffix, count: 0 })
    }
  }
  return padded.sort(bySuffix)
}

function hexSlice(bytes: Uint8Array, offset: number, length: number, hexLength: number): string {
  let hex = ''
  for (let i = offset; i < offset + length; i++) hex += HEX_PAIRS[bytes[i] as number]
  return hex.length === hexLength ? hex : hex.slice(0, hexLength)
}

function bySuffix(a: RangeEntry, b: RangeEntry): number {
  return a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0
}
