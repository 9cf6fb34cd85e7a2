/**
 * Parses one CSV record (RFC 4180: comma-separated, fields optionally in double quotes, `""`
 * for a quote inside one). Returns the fields, `'open_quote'` when a quoted field continues on
 * the next line, or a message when the text is malformed.
 */
export function parseCsvRecord(text: string): string[] | 'open_quote' | string {
  const fields: string[] = []
  let index = 0
  for (;;) {
    if (text[index] === '"') {
      let value = ''
      let at = index + 1
      for (;;) {
        const close = text.indexOf('"', at)
        if (close === -1) return 'open_quote'
        value += text.slice(at, close)
        if (text[close + 1] === '"') {
          value += '"'
          at = close + 2
          continue
        }
        index = close + 1
        break
      }
      fields.push(value)
      if (index === text.length) return fields
      if (text[index] !== ',')
        return `unexpected character after a quoted field at column ${index + 1}`
      index += 1
      continue
    }
    const comma = text.indexOf(',', index)
    const value = comma === -1 ? text.slice(index) : text.slice(index, comma)
    if (value.includes('"')) return `quote inside an unquoted field at column ${index + 1}`
    fields.push(value)
    if (comma === -1) return fields
    index = comma + 1
  }
}
