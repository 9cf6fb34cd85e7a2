import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeRangeBodies } from '../../../src/breach/corpus/build/range-bodies-writer-node.js'
import {
  SortedRangeWriter,
  type SortedRangeWriterOptions,
} from '../../../src/breach/corpus/build/sorted-range-writer-node.js'
import { PREFIX_COUNT, recordBytes } from '../../../src/breach/corpus/corpus-format.js'
import { decodeRangeRows } from '../../../src/breach/corpus/range-records.js'
import { readOffsets } from '../../../src/breach/corpus/stored-offsets.js'
import type { HashMode } from '../../../src/breach/range-reader.js'
import { tempDir } from './corpus-cli-kit.js'

/**
 * Sorted digests with what stresses chunking: one prefix of 20,000 rows (past a chunk's
 * headroom), runs of adjacent prefixes, empty prefixes between them, duplicates, and counts
 * from one digit to uint32's ten.
 */
function digests(bytes: number): { digest: Uint8Array; count: number }[] {
  const rows: { digest: Uint8Array; count: number }[] = []
  for (let i = 0; i < 26_000; i++) {
    const digest = createHash('sha1').update(`row${i}`).digest().subarray(0, bytes)
    // Every fifth row lands in prefix 0x12345, the rest spread over prefixes 0xAB000–0xAB3FF.
    if (i % 5 !== 0) {
      digest[0] = 0x12
      digest[1] = 0x34
      digest[2] = 0x50 | (digest[2]! & 0x0f)
    } else {
      digest[0] = 0xab
      digest[1] = digest[1]! & 0x3f
    }
    rows.push({ digest, count: [1, 7, 42, 999, 123_456, 4_294_967_295][i % 6]! })
  }
  rows.sort((a, b) => Buffer.compare(a.digest, b.digest))
  return [...rows, rows.at(-1)!]
}

function build(mode: HashMode, options: SortedRangeWriterOptions | 'after') {
  const dir = tempDir()
  const writer = new SortedRangeWriter(dir, mode, undefined, options === 'after' ? {} : options)
  for (const { digest, count } of digests(mode === 'sha1' ? 20 : 16)) writer.push(digest, count)
  const store = writer.finish()
  const files = { ...store.files, ...(store.bodies ?? writeRangeBodies(dir, mode)) }
  return { dir, files, store }
}

/** Every non-empty range as `SUFFIX:COUNT` rows joined by CRLF, concatenated in prefix order. */
function expectedBodies(dir: string, mode: HashMode): string {
  const index = readOffsets(readFileSync(join(dir, `${mode}.idx`))) as Float64Array
  const records = readFileSync(join(dir, `${mode}.dat`)).subarray(16)
  const width = recordBytes(mode)
  let text = ''
  for (let prefix = 0; prefix < PREFIX_COUNT; prefix++) {
    const [start, end] = [index[prefix] as number, index[prefix + 1] as number]
    if (end === start) continue
    const rows = decodeRangeRows(records.subarray(start * width, end * width), mode)
    text += rows.map(({ suffix, count }) => `${suffix}:${count}`).join('\r\n')
  }
  return text
}

function expectSameFiles(a: { dir: string }, b: { dir: string }) {
  const names = readdirSync(a.dir).sort()
  expect(names).toEqual(readdirSync(b.dir).sort())
  for (const name of names) {
    expect(readFileSync(join(a.dir, name)).equals(readFileSync(join(b.dir, name))), name).toBe(true)
  }
}

describe('range bodies formatted during the store pass', () => {
  for (const mode of ['sha1', 'ntlm'] as const) {
    it(`writes ${mode} records and bodies byte for byte as the second pass does, on a worker or inline`, () => {
      const after = build(mode, 'after')
      expect(after.store.bodies).toBeUndefined()
      const worker = build(mode, { bodies: 'worker', chunkRecords: 100 })
      const inline = build(mode, { bodies: 'inline', chunkRecords: 37 })
      for (const pipelined of [worker, inline]) {
        expect(Object.keys(pipelined.store.bodies ?? {})).toEqual([`${mode}.body`, `${mode}.bidx`])
        expect(pipelined.files).toEqual(after.files)
        expect(pipelined.store.mode).toEqual(after.store.mode)
        expectSameFiles(after, pipelined)
      }
      expect(after.store.mode.hashCount).toBe(26_000)
      expect(after.store.mode.maxRangeRows).toBeGreaterThan(20_000)
      // Independently of the formatter: rows decoded from the records, joined as HIBP serves them.
      expect(readFileSync(join(worker.dir, `${mode}.body`), 'latin1').slice(16)).toBe(
        expectedBodies(worker.dir, mode),
      )
    }, 60_000)
  }
})
