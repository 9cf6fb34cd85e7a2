import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BuildProgress } from '../../../src/breach/corpus/build/build-progress-node.js'
import type { CorpusManifest } from '../../../src/breach/corpus/corpus-format.js'
import { buildFileCorpus } from '../../../src/breach/corpus/build/file-corpus-builder-node.js'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { tempDir } from './corpus-cli-kit.js'

const quiet: BuildProgress = { phase() {}, update() {}, end() {} }
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()

function build(filterKind: 'fuse' | 'auto') {
  const dir = tempDir()
  const words = Array.from({ length: 3000 }, (_, i) => `password-${i}`)
  writeFileSync(join(dir, 'list.txt'), `${words.join('\n')}\n`)
  const out = join(dir, 'corpus')
  buildFileCorpus({
    out,
    sources: [{ kind: 'passwords', path: join(dir, 'list.txt') }],
    fpr: 0.001,
    progress: quiet,
    fprSample: 20_000,
    filterKind,
  })
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as CorpusManifest
  return { out, words, manifest }
}

describe('corpus with a binary fuse filter', () => {
  it('is format version 2, opens, and finds every member through its filter', async () => {
    const { out, words, manifest } = build('fuse')
    expect(manifest.formatVersion).toBe(2)
    expect(manifest.filter).toMatchObject({ scheme: 'sha1-binary-fuse8-sharded', items: 3000 })
    expect(manifest.filter.measuredFpr).toBeLessThan(0.008)
    expect(readFileSync(join(out, 'filter.bin')).toString('latin1', 0, 8)).toBe('PWGFUS01')
    const corpus = openFileCorpus({ dir: out, logger: createMemoryLogger() })
    expect(words.every((word) => corpus.filter.mightContain(sha1(word)))).toBe(true)
    const rows = await corpus.reader.read('sha1', sha1(words[0] as string).slice(0, 5))
    expect(rows.some((row) => row.suffix === sha1(words[0] as string).slice(5))).toBe(true)
    corpus.reader.close()
  })

  it('stays a version 1 Bloom corpus below 2^25 digests, readable by older pwguard', () => {
    const { manifest } = build('auto')
    expect(manifest.formatVersion).toBe(1)
    expect(manifest.filter.scheme).toBe('sha1-digest-double-hashing-48')
  })
})
