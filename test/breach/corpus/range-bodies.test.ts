import { createHash } from 'node:crypto'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

/** Sorted HIBP lines: 300 hashes over a few prefixes, counts of one to seven digits. */
function hibpFile(dir: string): string {
  const lines = Array.from({ length: 300 }, (_, i) => {
    const digest = createHash('sha1')
      .update(`pw${i % 7}`)
      .digest('hex')
      .slice(0, 5)
    const suffix = createHash('sha1').update(`row${i}`).digest('hex').slice(5)
    return `${digest}${suffix}`.toUpperCase()
  }).sort()
  const file = join(dir, 'hibp.txt')
  writeFileSync(file, lines.map((line, i) => `${line}:${(i * 7919) % 1_000_000 || 1}`).join('\r\n'))
  return file
}

describe('preformatted range bodies', () => {
  it('serve byte for byte what formatting the records gives; --no-range-bodies omits them', async () => {
    const dir = tempDir()
    const source = hibpFile(dir)
    const withBodies = join(dir, 'with')
    const without = join(dir, 'without')
    expect(
      (await runPwguard(['corpus', 'build', '--out', withBodies, '--hibp', source])).code,
    ).toBe(0)
    const plain = ['corpus', 'build', '--out', without, '--hibp', source, '--no-range-bodies']
    expect((await runPwguard(plain)).code).toBe(0)
    expect(existsSync(join(withBodies, 'sha1.body'))).toBe(true)
    expect(existsSync(join(without, 'sha1.body'))).toBe(false)
    const logger = createMemoryLogger()
    const a = openFileCorpus({ dir: withBodies, logger })
    const b = openFileCorpus({ dir: without, logger })
    const prefixes = ['00000', 'FFFFF', ...Array.from({ length: 7 }, (_, i) => prefixOf(`pw${i}`))]
    for (const prefix of prefixes) {
      const stored = Buffer.from(a.reader.readBody('sha1', prefix)).toString()
      expect(stored).toBe(Buffer.from(b.reader.readBody('sha1', prefix)).toString())
    }
    expect(Buffer.from(a.reader.readBody('sha1', prefixOf('pw3'))).toString()).toMatch(
      /^([0-9A-F]{35}:\d+\r\n)+[0-9A-F]{35}:\d+$/,
    )
    a.reader.close()
    b.reader.close()
  })
})

const prefixOf = (text: string) =>
  createHash('sha1').update(text).digest('hex').slice(0, 5).toUpperCase()
