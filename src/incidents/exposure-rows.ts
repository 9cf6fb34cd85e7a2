import type { UploadLine } from '../accounts/ndjson-lines.js'
import { badRequest } from '../http/problem.js'
import { parseCsvRecord } from './csv-record.js'

/** One uploaded record before validation, or why its line(s) could not be read. */
export type ExposureRow =
  { line: number; fields: Record<string, unknown> } | { line: number; code: string; detail: string }

export type ExposureFormat = 'ndjson' | 'csv'

/** CSV header names accepted for each record field (compared lower-cased, `-`/`_` removed). */
const CSV_COLUMNS: Record<string, string> = {
  externalid: 'externalId',
  id: 'externalId',
  email: 'email',
  mail: 'email',
  password: 'password',
  passwordsha1: 'passwordSha1',
  sha1: 'passwordSha1',
}

/** A quoted CSV field may span lines; past this many a missing closing quote is assumed. */
const MAX_CSV_RECORD_LINES = 32

const unreadable = (item: { line: number; error: string }): ExposureRow => ({
  line: item.line,
  code: item.error,
  detail: item.error === 'invalid_utf8' ? 'line is not valid UTF-8' : 'line too long',
})

/** NDJSON lines → rows (blank lines skipped, 1-based line numbers). */
export async function* ndjsonRows(lines: AsyncIterable<UploadLine>): AsyncGenerator<ExposureRow> {
  for await (const item of lines) {
    if ('error' in item) yield unreadable(item)
    else if (item.text.trim() !== '') yield parseJsonRow(item.line, item.text)
  }
}

function parseJsonRow(line: number, text: string): ExposureRow {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { line, code: 'invalid_json', detail: 'line is not valid JSON' }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { line, code: 'invalid_record', detail: 'expected a JSON object' }
  }
  return { line, fields: json as Record<string, unknown> }
}

/**
 * CSV (RFC 4180) → rows: the first non-blank line is the header, quoted fields may hold commas,
 * doubled quotes and line breaks. A row is numbered by the line it starts on.
 */
export async function* csvRows(lines: AsyncIterable<UploadLine>): AsyncGenerator<ExposureRow> {
  let header: (string | null)[] | null = null
  type Pending = { line: number; text: string; count: number }
  let pending: Pending | null = null
  for await (const item of lines) {
    if ('error' in item) {
      pending = null
      yield unreadable(item)
      continue
    }
    const start: Pending = pending ?? { line: item.line, text: '', count: 0 }
    const text: string = pending ? `${pending.text}\n${item.text}` : item.text
    if (!pending && text.trim() === '') continue
    const parsed = parseCsvRecord(text)
    if (parsed === 'open_quote') {
      pending = { line: start.line, text, count: start.count + 1 }
      if (pending.count < MAX_CSV_RECORD_LINES) continue
      pending = null
      yield { line: start.line, code: 'invalid_csv', detail: 'unterminated quoted field' }
      continue
    }
    pending = null
    if (typeof parsed === 'string') {
      yield { line: start.line, code: 'invalid_csv', detail: parsed }
    } else if (!header) {
      header = readHeader(parsed)
    } else if (parsed.length !== header.length) {
      const detail = `expected ${header.length} fields, got ${parsed.length}`
      yield { line: start.line, code: 'invalid_csv', detail }
    } else {
      const fields: Record<string, string> = {}
      header.forEach((name, index) => {
        if (name) fields[name] = parsed[index] ?? ''
      })
      yield { line: start.line, fields }
    }
  }
  if (pending)
    yield { line: pending.line, code: 'invalid_csv', detail: 'unterminated quoted field' }
}

function readHeader(cells: string[]): (string | null)[] {
  const names = cells.map(
    (cell) => CSV_COLUMNS[cell.trim().toLowerCase().replace(/[-_ ]/g, '')] ?? null,
  )
  if (!names.some((name) => name !== null)) {
    throw badRequest(
      'invalid_csv_header',
      'The CSV header names none of the columns externalId, email, password, passwordSha1.',
    )
  }
  return names
}
