import { describe, expect, it } from 'vitest'
import { formatRangeBody, parseRangeBody } from '../../../src/breach/range-body.js'
import { createPaddingTarget, padRange } from '../../../src/breach/range-padding.js'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import type { Random } from '../../../src/ports/random.js'

/** Replays fixed bytes: the first suffixes it yields collide with real ones on purpose. */
function replay(chunks: number[][]): Random {
  return {
    bytes: (length) => {
      const out = new Uint8Array(length)
      const chunk = chunks.shift() ?? []
      out.set(chunk.slice(0, length))
      return out
    },
  }
}

describe('padRange', () => {
  it('never emits a padding suffix equal to a real one, nor twice the same', () => {
    const real = { suffix: '0'.repeat(35), count: 5 }
    // 18 zero bytes give the real suffix "000…0"; the second draw gives all zeros again (a
    // duplicate); only the third draw's 0x11… bytes are fresh.
    const random = replay([new Array(18).fill(0), new Array(18).fill(0), new Array(18).fill(0x11)])
    const rows = padRange([real], 2, 35, random)
    expect(rows).toEqual([real, { suffix: '1'.repeat(35), count: 0 }])
  })

  it('sorts padding among real rows and keeps every real row', () => {
    const real = [
      { suffix: '8'.repeat(35), count: 1 },
      { suffix: 'F'.repeat(35), count: 9 },
    ]
    const random = replay([[0xaa, ...new Array(17).fill(0), 0x01, ...new Array(17).fill(0)]])
    const rows = padRange(real, 4, 35, random)
    expect(rows.map((row) => row.suffix[0])).toEqual(['0', '8', 'A', 'F'])
    expect(rows.filter((row) => row.count > 0)).toEqual(real)
  })

  it('pads to at least 800 and grows with the largest range, never shrinking', () => {
    const corpus = createMemoryCorpus(
      Array.from({ length: 850 }, (_, i) => ({ sha1: `ABCDE${String(i).padStart(35, '0')}` })),
    )
    const target = createPaddingTarget(corpus.reader)
    expect(target('sha1', 3)).toBe(850)
    expect(target('sha1', 1000)).toBe(1000)
    expect(target('sha1', 3)).toBe(1000)
    expect(createPaddingTarget(createMemoryCorpus().reader)('sha1', 0)).toBe(800)
  })
})

describe('range bodies', () => {
  it('round-trips through the parser and drops `:0` rows', () => {
    const body = formatRangeBody([
      { suffix: 'A'.repeat(35), count: 3 },
      { suffix: 'B'.repeat(35), count: 0 },
    ])
    const text = new TextDecoder().decode(body)
    expect(text).toBe(`${'A'.repeat(35)}:3\r\n${'B'.repeat(35)}:0`)
    expect(parseRangeBody(text, 35)).toEqual(new Map([['A'.repeat(35), 3]]))
    expect(parseRangeBody(`${'a'.repeat(35)}:3\n`, 35)).toEqual(new Map([['A'.repeat(35), 3]]))
  })

  it('refuses malformed bodies instead of half-believing them', () => {
    expect(parseRangeBody('<html>oops</html>', 35)).toBeNull()
    expect(parseRangeBody(`${'A'.repeat(34)}:3`, 35)).toBeNull()
    expect(parseRangeBody(`${'G'.repeat(35)}:3`, 35)).toBeNull()
    expect(parseRangeBody(`${'A'.repeat(35)}:-3`, 35)).toBeNull()
    expect(parseRangeBody(`${'A'.repeat(35)}:`, 35)).toBeNull()
  })
})
