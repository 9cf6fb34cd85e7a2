import { closeSync, openSync, readSync } from 'node:fs'

const CHUNK_BYTES = 8 * 1024 * 1024

/**
 * Reads `file` in large chunks with positional reads and calls `onLine(buffer, start, end)`
 * for every line (without its LF), then `onChunk(bytesRead)` after each chunk. Synchronous on
 * purpose: the import is a batch job and sync reads avoid a promise per chunk.
 */
export function readLinesSync(
  file: string,
  onLine: (buffer: Uint8Array, start: number, end: number) => void,
  onChunk: (bytes: number) => void = () => {},
  chunkBytes = CHUNK_BYTES,
): number {
  const fd = openSync(file, 'r')
  let buffer = Buffer.allocUnsafe(chunkBytes)
  let carried = 0
  let lines = 0
  try {
    for (;;) {
      if (carried === buffer.length) {
        // One line longer than the buffer: grow rather than split it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(bigger, 0, 0, carried)
        buffer = bigger
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, null)
      const filled = carried + read
      let lineStart = 0
      for (
        let at = buffer.indexOf(10, 0);
        at !== -1 && at < filled;
        at = buffer.indexOf(10, at + 1)
      ) {
        if (at > lineStart) onLine(buffer, lineStart, at)
        lines++
        lineStart = at + 1
      }
      if (read === 0) {
        if (filled > lineStart) {
          onLine(buffer, lineStart, filled)
          lines++
        }
        return lines
      }
      carried = filled - lineStart
      buffer.copy(buffer, 0, lineStart, filled)
      onChunk(read)
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * Counts the lines `readLinesSync` would hand to `onLine` (non-empty ones), with one native
 * scan per line and no parsing: the sorted fast path sizes its filter from it before the
 * parse pass starts filling the filter.
 */
export function countLinesSync(
  file: string,
  chunkBytes = CHUNK_BYTES,
  onChunk: () => void = () => {},
): number {
  const fd = openSync(file, 'r')
  const buffer = Buffer.allocUnsafe(chunkBytes)
  let lines = 0
  let open = 0 // bytes of the current line seen so far (it may span chunks)
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null)
      if (read === 0) return open > 0 ? lines + 1 : lines
      const view = buffer.subarray(0, read)
      let from = 0
      for (let at = view.indexOf(10); at !== -1; at = view.indexOf(10, at + 1)) {
        if (open + at - from > 0) lines++
        open = 0
        from = at + 1
      }
      open += read - from
      onChunk()
    }
  } finally {
    closeSync(fd)
  }
}
