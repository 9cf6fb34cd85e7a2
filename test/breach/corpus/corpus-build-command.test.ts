import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CorpusManifest } from '../../../src/breach/corpus/corpus-format.js'
import { ntlmDigest } from '../../../src/breach/corpus/md4.js'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import type { HashMode } from '../../../src/breach/range-reader.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()
const ntlm = (text: string) => Buffer.from(ntlmDigest(text)).toString('hex').toUpperCase()

/** Builds through the CLI and opens the result; fails the test on a non-zero exit. */
async function build(args: string[]) {
  const out = join(tempDir(), 'corpus')
  const result = await runPwguard(['corpus', 'build', '--out', out, ...args])
  expect(result.stderr).not.toMatch(/usage/)
  expect(result.code).toBe(0)
  return Object.assign(openFileCorpus({ dir: out, logger: createMemoryLogger() }), { out })
}

/** Checks the reader answers every expected digest with its count, and nothing else. */
async function expectExactly(
  corpus: Awaited<ReturnType<typeof build>>,
  mode: HashMode,
  expected: Map<string, number>,
) {
  const prefixes = new Set([...expected.keys()].map((hash) => hash.slice(0, 5)))
  let rows = 0
  for (const prefix of prefixes) {
    const got = await corpus.reader.read(mode, prefix)
    const want = [...expected]
      .filter(([hash]) => hash.startsWith(prefix))
      .map(([hash, count]) => ({ suffix: hash.slice(5), count }))
      .sort((a, b) => (a.suffix < b.suffix ? -1 : 1))
    expect(got).toEqual(want)
    const body = Buffer.from(corpus.reader.readBody(mode, prefix)).toString()
    expect(body).toBe(want.map((row) => `${row.suffix}:${row.count}`).join('\r\n'))
    rows += got.length
  }
  expect(rows).toBe(expected.size)
  // The filter must hold every SHA-1 (a false negative would let a breached password through).
  if (mode === 'sha1')
    expect([...expected.keys()].every((hash) => corpus.filter.mightContain(hash))).toBe(true)
  expect(corpus.manifest.modes[mode]?.hashCount).toBe(expected.size)
}

describe('pwguard corpus build', () => {
  it('imports a plaintext list with counts, summing duplicates, with NTLM computed', async () => {
    const dir = tempDir()
    const list = ['password:5', 'hunter2', 'password:3', 'hunter2', 'pass:word:7', 'a:b:c', 'x:']
    writeFileSync(join(dir, 'list.txt'), `${list.join('\r\n')}\n\n`)
    const corpus = await build(['--passwords', join(dir, 'list.txt'), '--with-counts'])
    const counts = { password: 8, hunter2: 2, 'pass:word': 7, 'a:b:c': 1, 'x:': 1 }
    await expectExactly(
      corpus,
      'sha1',
      new Map(Object.entries(counts).map(([p, c]) => [sha1(p), c])),
    )
    await expectExactly(
      corpus,
      'ntlm',
      new Map(Object.entries(counts).map(([p, c]) => [ntlm(p), c])),
    )
    expect(corpus.filter.mightContain(sha1('password'))).toBe(true)
    expect(corpus.manifest.sources[0]).toMatchObject({
      kind: 'passwords',
      lines: 8,
      hashes: 7,
      counts: 'given',
    })
  })

  it('takes a whole line as the password without --with-counts', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'list.txt'), 'password:5\npassword:5\n')
    const corpus = await build(['--passwords', join(dir, 'list.txt')])
    await expectExactly(corpus, 'sha1', new Map([[sha1('password:5'), 2]]))
    expect(corpus.manifest.sources[0]?.counts).toBe('one-per-occurrence')
  })

  it('imports an unsorted HIBP single file with duplicates and malformed lines', async () => {
    const dir = tempDir()
    const expected = new Map<string, number>()
    const lines: string[] = []
    for (let i = 0; i < 3_000; i++) {
      // Half the digests share the prefix 00000, so ranges are dense and need sorting.
      const hash = (i % 2 ? '00000' : '') + randomBytes(20).toString('hex').toUpperCase()
      const digest = hash.slice(0, 40)
      const count = 1 + (i % 97)
      expected.set(digest, (expected.get(digest) ?? 0) + count)
      lines.push(`${i % 3 ? digest : digest.toLowerCase()}:${count}`)
      if (i % 10 === 0) {
        lines.push(`${digest}:1`)
        expected.set(digest, (expected.get(digest) ?? 0) + 1)
      }
    }
    lines.push('not a hash', `${'A'.repeat(39)}:3`, `${'B'.repeat(40)}:x`)
    writeFileSync(join(dir, 'hibp.txt'), lines.reverse().join('\n'))
    const corpus = await build(['--hibp', join(dir, 'hibp.txt')])
    await expectExactly(corpus, 'sha1', expected)
    expect(corpus.reader.modes).toEqual(new Set(['sha1']))
    expect(corpus.manifest.sources[0]).toMatchObject({ kind: 'hibp', skipped: 3 })
    const dense = [...expected.keys()].filter((hash) => hash.startsWith('00000')).length
    expect(corpus.reader.maxRangeRows('sha1')).toBe(dense)
  })

  it('imports per-prefix SHA-1 and NTLM folders', async () => {
    const root = tempDir()
    const expected: Record<HashMode, Map<string, number>> = { sha1: new Map(), ntlm: new Map() }
    for (const [mode, folder, digits] of [
      ['sha1', 'sha1', 40],
      ['ntlm', 'ntlm', 32],
    ] as const) {
      mkdirSync(join(root, folder))
      for (const prefix of ['00000', 'ABCDE', 'FFFFF']) {
        const rows = Array.from({ length: 50 }, (_, i) => {
          const suffix = randomBytes(20)
            .toString('hex')
            .toUpperCase()
            .slice(0, digits - 5)
          expected[mode].set(prefix + suffix, i + 1)
          return `${suffix}:${i + 1}`
        })
        writeFileSync(join(root, folder, `${prefix}.txt`), rows.sort().join('\r\n'))
      }
      writeFileSync(join(root, folder, 'README.md'), 'not a range file\n')
    }
    const corpus = await build([
      '--hibp-dir',
      join(root, 'sha1'),
      '--hibp-ntlm-dir',
      join(root, 'ntlm'),
    ])
    await expectExactly(corpus, 'sha1', expected.sha1)
    await expectExactly(corpus, 'ntlm', expected.ntlm)
    expect(await corpus.reader.read('sha1', '12345')).toEqual([])
    expect(corpus.reader.readBody('sha1', '12345')).toHaveLength(0)
  })

  it('imports an HIBP NTLM single file and records sources, sizes and checksums', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'ntlm.txt'), `${ntlm('password')}:10\n${ntlm('letmein')}:4\n`)
    writeFileSync(join(dir, 'sha1.txt'), `${sha1('password')}:10\n`)
    const corpus = await build([
      '--hibp',
      join(dir, 'sha1.txt'),
      '--hibp-ntlm',
      join(dir, 'ntlm.txt'),
    ])
    await expectExactly(
      corpus,
      'ntlm',
      new Map([
        [ntlm('password'), 10],
        [ntlm('letmein'), 4],
      ]),
    )
    const manifest = JSON.parse(
      readFileSync(join(corpus.out, 'manifest.json'), 'utf8'),
    ) as CorpusManifest
    expect(manifest.sources.map((source) => [source.kind, source.lines])).toEqual([
      ['hibp', 1],
      ['hibp-ntlm', 2],
    ])
    expect(Object.keys(manifest.files).sort()).toEqual([
      'filter.bin',
      'ntlm.bidx',
      'ntlm.body',
      'ntlm.dat',
      'ntlm.idx',
      'sha1.bidx',
      'sha1.body',
      'sha1.dat',
      'sha1.idx',
    ])
    for (const [name, file] of Object.entries(manifest.files)) {
      const bytes = readFileSync(join(corpus.out, name))
      expect(bytes.length).toBe(file.bytes)
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256)
    }
    expect(manifest.filter).toMatchObject({ items: 1, targetFpr: 0.001 })
    expect(manifest.modes.ntlm?.maxRangeRows).toBe(1)
  })

  it('refuses a missing source with a usage error', async () => {
    const result = await runPwguard(['corpus', 'build', '--out', tempDir(), '--hibp', '/nope.txt'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--hibp \/nope.txt: no such file/)
  })
})
