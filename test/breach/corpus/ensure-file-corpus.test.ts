import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureCorpus } from '../../../src/breach/corpus/build/ensure-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { tempDir } from './corpus-cli-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()

describe('ensureCorpus', () => {
  it('builds the default corpus once, with NTLM, then reopens it without rebuilding', async () => {
    const root = tempDir()
    const dir = join(root, 'corpus')
    // A folder a killed build left behind is cleaned up, never read.
    mkdirSync(join(root, '.corpus.building-1-2'))
    const logger = createMemoryLogger()
    const corpus = ensureCorpus({ dir, fpr: 0.001, logger })
    expect(logger.lines.join('\n')).toMatch(/building the default one/)
    expect(existsSync(join(root, '.corpus.building-1-2'))).toBe(false)
    expect(corpus.manifest.modes.sha1?.hashCount).toBeGreaterThan(900_000)
    expect(corpus.manifest.modes.ntlm?.hashCount).toBe(corpus.manifest.modes.sha1?.hashCount)
    expect(corpus.manifest.sources.map((source) => source.counts)).toEqual([
      'one-per-occurrence',
      'one-per-occurrence',
    ])
    const hash = sha1('password')
    expect(corpus.filter.mightContain(hash)).toBe(true)
    const rows = await corpus.reader.read('sha1', hash.slice(0, 5))
    expect(rows.find((row) => row.suffix === hash.slice(5))?.count).toBeGreaterThanOrEqual(1)
    const ntlmBody = Buffer.from(corpus.reader.readBody('ntlm', '8846F')).toString()
    expect(ntlmBody).toMatch(/(^|\r\n)7EAEE8FB117AD06BDD830B7586C:\d+/)
    corpus.reader.close()

    const again = createMemoryLogger()
    ensureCorpus({ dir, fpr: 0.001, logger: again }).reader.close()
    expect(again.lines.join('\n')).not.toMatch(/building/)
    expect(readdirSync(root)).toEqual(['corpus'])
    // Hashing 1 M passwords twice takes ~5 s alone; a shared CI machine can be several times slower.
  }, 180_000)

  it('refuses a non-empty folder without a manifest instead of overwriting it', () => {
    const dir = join(tempDir(), 'corpus')
    mkdirSync(dir)
    writeFileSync(join(dir, 'sha1.dat'), 'x')
    expect(() => ensureCorpus({ dir, fpr: 0.001, logger: createMemoryLogger() })).toThrow(
      /manifest\.json is missing but the folder is not empty/,
    )
  })
})
