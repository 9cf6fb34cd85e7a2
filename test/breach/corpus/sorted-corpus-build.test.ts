import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BuildProgress } from '../../../src/breach/corpus/build/build-progress-node.js'
import type { CorpusManifest } from '../../../src/breach/corpus/corpus-format.js'
import type { BuildCorpusOptions } from '../../../src/breach/corpus/build/corpus-build-types.js'
import { buildFileCorpus } from '../../../src/breach/corpus/build/file-corpus-builder-node.js'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()
const md5 = (text: string) => createHash('md5').update(text).digest('hex').toUpperCase()

/** Records every progress phase, so a test can see which path a build took. */
function recordingProgress(phases: string[]): BuildProgress {
  return {
    phase: (name) => void phases.push(name),
    update() {},
    end() {},
    notice: (message) => void phases.push(`notice: ${message}`),
  }
}

function build(sources: BuildCorpusOptions['sources'], strategy: 'auto' | 'spool') {
  const out = join(tempDir(), `corpus-${strategy}`)
  const phases: string[] = []
  const manifest = buildFileCorpus({
    out,
    sources,
    fpr: 0.001,
    progress: recordingProgress(phases),
    fprSample: 10_000,
    strategy,
  })
  return { out, manifest, phases }
}

/** Every file byte for byte, and the manifest apart from its time stamps. */
function expectSameCorpus(a: { out: string }, b: { out: string }) {
  const names = readdirSync(a.out).sort()
  expect(readdirSync(b.out).sort()).toEqual(names)
  for (const name of names.filter((file) => file !== 'manifest.json')) {
    expect(readFileSync(join(a.out, name)).equals(readFileSync(join(b.out, name))), name).toBe(true)
  }
  // Time stamps differ, and the FPR is measured on a fresh random sample each build.
  const strip = ({ builtAt: _at, buildMs: _ms, filter, ...rest }: CorpusManifest) => ({
    ...rest,
    filter: { ...filter, measuredFpr: 0 },
  })
  const manifest = (dir: string) =>
    strip(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as CorpusManifest)
  expect(manifest(b.out)).toEqual(manifest(a.out))
}

/** Sorted `40HEX:COUNT` lines for `count` passwords, with the given duplicates adjacent. */
function hibpLines(count: number, hash = sha1): string[] {
  const rows = Array.from({ length: count }, (_, i) => `${hash(`pw${i}`)}:${(i % 97) + 1}`)
  return rows.sort()
}

describe('corpus build from sorted HIBP input (fast path)', () => {
  it('streams a sorted file without a spool and writes exactly what the spool path writes', async () => {
    const lines = hibpLines(3000)
    // Adjacent duplicates are merged with their counts summed, as the spool path does.
    lines.splice(10, 0, lines[10] as string, lines[10] as string)
    lines.push(`${(lines.at(-1) as string).split(':')[0]}:4294967295`)
    const file = join(tempDir(), 'pwned.txt')
    writeFileSync(file, `${lines.join('\r\n')}\r\n`)
    const fast = build([{ kind: 'hibp', path: file }], 'auto')
    const spool = build([{ kind: 'hibp', path: file }], 'spool')
    // Range bodies are formatted during the store pass: no second pass over the records.
    expect(fast.phases).toEqual(['counting', 'reading'])
    expect(spool.phases).toContain('sorting')
    expectSameCorpus(spool, fast)
    expect(fast.manifest.modes.sha1?.hashCount).toBe(3000)
    const corpus = openFileCorpus({ dir: fast.out, logger: createMemoryLogger() })
    const [hash, count] = (lines[10] as string).split(':') as [string, string]
    const range = await corpus.reader.read('sha1', hash.slice(0, 5))
    expect(range).toContainEqual({ suffix: hash.slice(5), count: Number(count) * 3 })
    expect(lines.every((line) => corpus.filter.mightContain(line.slice(0, 40)))).toBe(true)
    corpus.reader.close()
  })

  it('streams a per-prefix folder and an NTLM folder, identical to the spool path', () => {
    const sha1Dir = join(tempDir(), 'sha1')
    const ntlmDir = join(tempDir(), 'ntlm')
    for (const [dir, lines] of [
      [sha1Dir, hibpLines(800)],
      [ntlmDir, hibpLines(600, md5)],
    ] as const) {
      mkdirSync(dir, { recursive: true })
      const byPrefix = new Map<string, string[]>()
      for (const line of lines) {
        const rows = byPrefix.get(line.slice(0, 5)) ?? []
        byPrefix.set(line.slice(0, 5), [...rows, line.slice(5)])
      }
      for (const [prefix, rows] of byPrefix) {
        writeFileSync(join(dir, `${prefix}.txt`), rows.join('\r\n'))
      }
    }
    const sources: BuildCorpusOptions['sources'] = [
      { kind: 'hibp-dir', path: sha1Dir },
      { kind: 'hibp-ntlm-dir', path: ntlmDir },
    ]
    const fast = build(sources, 'auto')
    expect(fast.phases).not.toContain('sorting')
    expectSameCorpus(build(sources, 'spool'), fast)
    expect(fast.manifest.modes.ntlm?.hashCount).toBe(600)
    // Four builds of 2^20-prefix stores: slow only when the shared machine is loaded.
  }, 90_000)

  it('falls back to the spool when a line is out of order, with the same result', () => {
    const lines = hibpLines(2000)
    const swapped = [...lines]
    ;[swapped[1500], swapped[1501]] = [swapped[1501] as string, swapped[1500] as string]
    const file = join(tempDir(), 'unsorted.txt')
    writeFileSync(file, `${swapped.join('\n')}\n`)
    const fast = build([{ kind: 'hibp', path: file }], 'auto')
    const notice =
      /^notice: input is not sorted \([0-9A-F]{40} comes after [0-9A-F]{40}\); building again through the disk spool$/
    expect(fast.phases.filter((phase) => notice.test(phase))).toHaveLength(1)
    expect(fast.phases).toContain('sorting')
    expectSameCorpus(build([{ kind: 'hibp', path: file }], 'spool'), fast)
    expect(readdirSync(join(fast.out, '..')).filter((name) => name.includes('building'))).toEqual(
      [],
    )
    expect(fast.manifest.modes.sha1?.hashCount).toBe(2000)
  })

  it('sizes the filter like the spool path when lines are malformed or duplicated', () => {
    const lines = hibpLines(1500)
    // Blank and malformed lines make the pre-count too high; many duplicates shrink the set.
    const noisy = [...lines.slice(0, 700), '', 'not a hash', ...lines.slice(700)]
    const dupes = lines.flatMap((line) => [line, line])
    for (const [name, content] of [
      ['noisy.txt', noisy],
      ['dupes.txt', dupes],
    ] as const) {
      const file = join(tempDir(), name)
      writeFileSync(file, content.join('\r\n'))
      const fast = build([{ kind: 'hibp', path: file }], 'auto')
      expect(fast.phases).not.toContain('sorting')
      expectSameCorpus(build([{ kind: 'hibp', path: file }], 'spool'), fast)
    }
  })

  it('keeps the spool path for plaintext lists and for two inputs of one mode', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.txt'), hibpLines(10).join('\n'))
    writeFileSync(join(dir, 'b.txt'), hibpLines(10).join('\n'))
    writeFileSync(join(dir, 'list.txt'), 'password\nhunter2\n')
    const twoFiles = build(
      [
        { kind: 'hibp', path: join(dir, 'a.txt') },
        { kind: 'hibp', path: join(dir, 'b.txt') },
      ],
      'auto',
    )
    expect(twoFiles.phases).toContain('sorting')
    expect(twoFiles.manifest.modes.sha1?.hashCount).toBe(10)
    expect(build([{ kind: 'passwords', path: join(dir, 'list.txt') }], 'auto').phases).toContain(
      'sorting',
    )
  })

  it('tells the CLI user when it falls back, and still builds', async () => {
    const lines = hibpLines(50).reverse()
    const file = join(tempDir(), 'reversed.txt')
    writeFileSync(file, lines.join('\n'))
    const out = join(tempDir(), 'corpus')
    const result = await runPwguard(['corpus', 'build', '--out', out, '--hibp', file])
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/corpus: input is not sorted \(.+\); building again/)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as CorpusManifest
    expect(manifest.modes.sha1?.hashCount).toBe(50)
  })
})
