import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { countLinesSync, readLinesSync } from '../../../src/breach/corpus/build/line-reader-node.js'
import { tempDir } from './corpus-cli-kit.js'

function linesOf(content: string, chunkBytes: number): { lines: string[]; counted: number } {
  const file = join(tempDir(), 'lines.txt')
  writeFileSync(file, content)
  const lines: string[] = []
  const counted = readLinesSync(
    file,
    (buffer, start, end) => lines.push(Buffer.from(buffer.subarray(start, end)).toString()),
    () => {},
    chunkBytes,
  )
  return { lines, counted }
}

describe('readLinesSync', () => {
  const content = 'alpha\nbeta:2\r\n\nthis line is longer than one chunk\nz\nlast-without-newline'
  it.each([4, 7, 16, 1024])('splits lines exactly across %i-byte chunks', (chunkBytes) => {
    const { lines, counted } = linesOf(content, chunkBytes)
    // Blank lines are counted but not delivered; CR stays for the parsers to strip.
    expect(lines).toEqual([
      'alpha',
      'beta:2\r',
      'this line is longer than one chunk',
      'z',
      'last-without-newline',
    ])
    expect(counted).toBe(6)
  })

  it('reads an empty file as no lines', () => {
    expect(linesOf('', 8)).toEqual({ lines: [], counted: 0 })
  })

  it.each([1, 4, 7, 16, 1024])(
    'countLinesSync counts the lines readLinesSync delivers (%i-byte chunks)',
    (chunkBytes) => {
      const file = join(tempDir(), 'count.txt')
      for (const text of [content, `${content}\n`, '\n\n', '', 'x', '\nx\n\ny']) {
        writeFileSync(file, text)
        let delivered = 0
        readLinesSync(file, () => void delivered++)
        expect(countLinesSync(file, chunkBytes)).toBe(delivered)
      }
    },
  )
})
