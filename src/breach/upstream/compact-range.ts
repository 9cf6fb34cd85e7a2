/**
 * A cached upstream range as one string of `SUFFIX:COUNT\n` lines (padding removed): about
 * 42 bytes a row, against well over 100 for a Map of strings, so 10,000 cached HIBP-density
 * ranges stay near 420 MB worst case and a lookup is one `indexOf`.
 */
export type CompactRange = string

export function compactRange(rows: ReadonlyMap<string, number>): CompactRange {
  let text = ''
  for (const [suffix, count] of rows) text += `${suffix}:${count}\n`
  return text
}

/**
 * The count for one uppercase suffix, 0 when absent. Every suffix has the same length and holds
 * no `:`, so a match of `SUFFIX:` can only start at the beginning of a line.
 */
export function countInCompactRange(range: CompactRange, suffix: string): number {
  const at = range.indexOf(`${suffix}:`)
  if (at < 0) return 0
  const start = at + suffix.length + 1
  const end = range.indexOf('\n', start)
  return Number(range.slice(start, end < 0 ? undefined : end))
}
