import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync, writeFileSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { openR2RangeReader } from '../../../src/breach/corpus/read/r2-range-reader.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()
const RECORD = 22
const HEADER = 16

/** An HIBP downloader file (sorted `40HEX:COUNT` lines) from digest → count. */
function writeHibp(file: string, rows: Map<string, number>) {
  const lines = [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([h, n]) => `${h}:${n}`)
  writeFileSync(file, `${lines.join('\r\n')}\r\n`)
}

function rangesOf(dir: string, prefixes: Iterable<string>) {
  const corpus = openFileCorpus({ dir, logger: createMemoryLogger() })
  const bodies = new Map<string, string>()
  for (const prefix of prefixes) {
    bodies.set(prefix, Buffer.from(corpus.reader.readBody('sha1', prefix)).toString('latin1'))
  }
  return { bodies, corpus }
}

describe('corpus update rewrites only the changed prefixes and shares the rest', () => {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  const rows = new Map(Array.from({ length: 3000 }, (_, i) => [sha1(`pw-${i}`), i + 1]))
  // Three prefixes change: a count goes up, a hash leaves, a new one arrives.
  const bumped = sha1('pw-7')
  const removed = sha1('pw-8')
  const added = sha1('a-password-new-in-this-release')
  const next = new Map(rows)
  next.set(bumped, 99_999)
  next.delete(removed)
  next.set(added, 5)
  const touched = new Set([bumped, removed, added].map((h) => h.slice(0, 5)))
  const changedRows = [...next.keys()].filter((h) => touched.has(h.slice(0, 5))).length
  let buildCode: number
  let before: Stats
  let beforeBody: Stats
  let update: Awaited<ReturnType<typeof runPwguard>>

  beforeAll(async () => {
    writeHibp(join(dir, 'v1.txt'), rows)
    buildCode = (await runPwguard(['corpus', 'build', '--out', out, '--hibp', join(dir, 'v1.txt')]))
      .code
    before = statSync(join(out, 'sha1.dat'))
    beforeBody = statSync(join(out, 'sha1.body'))
    writeHibp(join(dir, 'v2.txt'), next)
    update = await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v2.txt')])
  }, 180_000)

  it('reports the three changed prefixes', () => {
    expect(buildCode).toBe(0)
    expect(touched.size).toBe(3)
    expect(update.code).toBe(0)
    expect(update.stdout).toMatch(
      /sha1: 3 of 1048576 prefixes changed; 3000 -> 3000 hashes \(\+0\)/,
    )
  })

  it('leaves the build untouched: the same inodes, not one byte rewritten', () => {
    const after = statSync(join(out, 'sha1.dat'))
    expect(after.ino).toBe(before.ino)
    expect(after.mtimeMs).toBe(before.mtimeMs)
    expect(statSync(join(out, 'sha1.body')).ino).toBe(beforeBody.ino)
  })

  it('writes a segment holding exactly the rows of the changed prefixes', () => {
    expect(statSync(join(out, 'sha1.u1.dat')).size).toBe(HEADER + changedRows * RECORD)
    const bodyBytes = statSync(join(out, 'sha1.u1.body')).size
    const written = Number(/wrote (\d+) bytes of changed ranges/.exec(update.stdout)?.[1])
    expect(written).toBe(HEADER + changedRows * RECORD + bodyBytes)
    expect(bodyBytes).toBeLessThan(HEADER + changedRows * 50)
  })

  it('answers every range exactly as a full build of the new file does', async () => {
    const full = join(dir, 'full')
    expect(
      (await runPwguard(['corpus', 'build', '--out', full, '--hibp', join(dir, 'v2.txt')])).code,
    ).toBe(0)
    const prefixes = new Set([...rows.keys(), ...next.keys()].map((h) => h.slice(0, 5)))
    const updated = rangesOf(out, prefixes)
    const rebuilt = rangesOf(full, prefixes)
    expect(updated.bodies).toEqual(rebuilt.bodies)
    expect(updated.bodies.get(added.slice(0, 5))).toContain(`${added.slice(5)}:5`)
    expect(updated.bodies.get(bumped.slice(0, 5))).toContain(`${bumped.slice(5)}:99999`)
    expect(updated.bodies.get(removed.slice(0, 5))).not.toContain(removed.slice(5))
    expect(updated.corpus.filter.mightContain(added)).toBe(true)
    expect(await updated.corpus.reader.read('sha1', added.slice(0, 5))).toContainEqual({
      suffix: added.slice(5),
      count: 5,
    })
    updated.corpus.reader.close()
    rebuilt.corpus.reader.close()
  }, 120_000)

  // The two below build on this one's state, in order.
  it('adds a second segment on the next update and keeps the first one; verify passes', async () => {
    const u1 = statSync(join(out, 'sha1.u1.dat')).ino
    next.set(sha1('another-new-one'), 1)
    writeHibp(join(dir, 'v3.txt'), next)
    const second = await runPwguard([
      'corpus',
      'update',
      '--dir',
      out,
      '--hibp',
      join(dir, 'v3.txt'),
    ])
    expect(second.stdout).toMatch(
      /sha1: 1 of 1048576 prefixes changed; 3000 -> 3001 hashes \(\+1\)/,
    )
    expect(statSync(join(out, 'sha1.u1.dat')).ino).toBe(u1)
    expect(statSync(join(out, 'sha1.dat')).ino).toBe(before.ino)
    expect((await runPwguard(['corpus', 'verify', '--dir', out])).code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.extents.sha1.segments).toHaveLength(3)
  }, 120_000)

  it('compacts into one build again with --full, diffing against the segmented version', async () => {
    const argv = ['corpus', 'update', '--dir', out, '--full', '--hibp', join(dir, 'v1.txt')]
    const compact = await runPwguard(argv)
    expect(compact.code).toBe(0)
    expect(compact.stdout).toMatch(
      /sha1: 4 of 1048576 prefixes changed; 3001 -> 3000 hashes \(-1\)/,
    )
    expect(statSync(join(out, 'sha1.dat')).ino).not.toBe(before.ino)
  }, 120_000)
})

it('an unchanged source writes no segment and links the filter', async () => {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  writeHibp(join(dir, 'v1.txt'), new Map([[sha1('x'), 3]]))
  await runPwguard(['corpus', 'build', '--out', out, '--hibp', join(dir, 'v1.txt')])
  const filter = statSync(join(out, 'filter.bin')).ino
  const update = await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v1.txt')])
  expect(update.stdout).toMatch(/sha1: 0 of 1048576 prefixes changed; 1 -> 1 hashes \(\+0\)/)
  expect(statSync(join(out, 'filter.bin')).ino).toBe(filter)
  expect(() => statSync(join(out, 'sha1.u1.dat'))).toThrow()
}, 120_000)

it('the Worker reads an updated corpus from R2: one read per range, the same bytes as on Node', async () => {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  const rows = new Map(Array.from({ length: 500 }, (_, i) => [sha1(`r2-${i}`), i + 1]))
  writeHibp(join(dir, 'v1.txt'), rows)
  await runPwguard(['corpus', 'build', '--out', out, '--hibp', join(dir, 'v1.txt')])
  const added = sha1('new-in-r2')
  rows.set(added, 9)
  writeHibp(join(dir, 'v2.txt'), rows)
  await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v2.txt')])
  const files = new Map(readdirSync(out).map((name) => [name, readFileSync(join(out, name))]))
  let reads = 0
  const bucket = {
    async get(key: string, options?: { range?: { offset: number; length: number } }) {
      reads++
      const file = files.get(key)
      if (!file) return null
      const { offset = 0, length = file.length } = options?.range ?? {}
      const slice = file.subarray(offset, offset + length)
      return { size: file.length, arrayBuffer: async () => new Uint8Array(slice).buffer }
    },
  }
  const r2 = await openR2RangeReader(bucket)
  const local = openFileCorpus({ dir: out, logger: createMemoryLogger() })
  await r2.readBody('sha1', '00000') // loads the extent table
  const prefixes = [...new Set([...rows.keys()].map((h) => h.slice(0, 5)))]
  const before = reads
  for (const prefix of prefixes) {
    const body = Buffer.from(await r2.readBody('sha1', prefix)).toString('latin1')
    expect(body).toBe(Buffer.from(local.reader.readBody('sha1', prefix)).toString('latin1'))
  }
  expect(reads - before).toBe(prefixes.length)
  expect(await r2.read('sha1', added.slice(0, 5))).toContainEqual({
    suffix: added.slice(5),
    count: 9,
  })
  local.reader.close()
}, 120_000)

it('refuses an updated corpus whose extent table points outside its segments', async () => {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  const rows = new Map(Array.from({ length: 50 }, (_, i) => [sha1(`bad-${i}`), 1]))
  writeHibp(join(dir, 'v1.txt'), rows)
  await runPwguard(['corpus', 'build', '--out', out, '--hibp', join(dir, 'v1.txt')])
  rows.set(sha1('bad-new'), 2)
  writeHibp(join(dir, 'v2.txt'), rows)
  await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v2.txt')])
  const prefix = parseInt(sha1('bad-new').slice(0, 5), 16)
  const ext = readFileSync(join(out, 'sha1.ext'))
  // Eight uint32 per prefix after the 16-byte header; the second is the row count.
  ext.writeUInt32LE(ext.readUInt32LE(HEADER + prefix * 32 + 4) + 1000, HEADER + prefix * 32 + 4)
  writeFileSync(join(out, 'sha1.ext'), ext)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
  manifest.files['sha1.ext'].sha256 = createHash('sha256').update(ext).digest('hex')
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest))
  expect(() => openFileCorpus({ dir: out, logger: createMemoryLogger() })).toThrow(
    /sha1\.ext points outside its segments/,
  )
}, 120_000)
