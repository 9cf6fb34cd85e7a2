/** One line of an NDJSON/CSV upload: its 1-based number and its text, or why it is unreadable. */
export type UploadLine =
  { line: number; text: string } | { line: number; error: 'invalid_utf8' | 'line_too_long' }

const NEWLINE = 0x0a

/**
 * Splits a byte stream into lines without holding more than one line (plus one chunk) in
 * memory. Lines are decoded one by one with a fatal decoder, so one line of invalid UTF-8 is
 * rejected on its own instead of corrupting or aborting the whole upload.
 */
export async function* readUploadLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes = 64 * 1024,
): AsyncGenerator<UploadLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let tooLong = false
  let lineNumber = 0
  const finish = (): UploadLine => {
    lineNumber += 1
    const bytes = concat(pending, pendingBytes)
    const wasTooLong = tooLong
    pending = []
    pendingBytes = 0
    tooLong = false
    if (wasTooLong) return { line: lineNumber, error: 'line_too_long' }
    try {
      return { line: lineNumber, text: decoder.decode(stripCr(bytes)) }
    } catch {
      return { line: lineNumber, error: 'invalid_utf8' }
    }
  }
  for await (const chunk of chunks) {
    let start = 0
    for (let index = chunk.indexOf(NEWLINE); index !== -1; index = chunk.indexOf(NEWLINE, start)) {
      append(chunk.subarray(start, index))
      yield finish()
      start = index + 1
    }
    append(chunk.subarray(start))
  }
  if (pendingBytes > 0 || tooLong) yield finish()

  function append(part: Uint8Array) {
    if (part.byteLength === 0 || tooLong) return
    if (pendingBytes + part.byteLength > maxLineBytes) {
      // Keep counting the line but drop its bytes: memory stays bounded on hostile input.
      tooLong = true
      pending = []
      pendingBytes = 0
      return
    }
    pending.push(part.slice())
    pendingBytes += part.byteLength
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

function stripCr(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength > 0 && bytes[bytes.byteLength - 1] === 0x0d
    ? bytes.subarray(0, -1)
    : bytes
}
