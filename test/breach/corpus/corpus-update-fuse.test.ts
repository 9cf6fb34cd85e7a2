import { createHash } from 'node:crypto'
import { linkSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { watchFileCorpus } from '../../../src/breach/corpus/read/watch-file-corpus-node.js'
import { SHARD_WORDS } from '../../../src/breach/filter/digest-fuse-filter.js'
import { readFuseFilterFile } from '../../../src/breach/filter/fuse-filter-file-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { createTestApp } from '../../support/test-app.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'
import { fuseFilterFile, useFuseFilter } from './fuse-corpus-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()
// 32 shards of 2^15 prefixes each: a shard is the digest's top 5 bits.
const SHARD_BITS = 5
const shardOf = (hex: string) => parseInt(hex.slice(0, 5), 16) >>> (20 - SHARD_BITS)

function writeHibp(file: string, rows: Map<string, number>) {
  const lines = [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([h, n]) => `${h}:${n}`)
  writeFileSync(file, `${lines.join('\r\n')}\r\n`)
}

/** A built corpus of `rows` whose filter is a fuse filter of 32 shards. */
async function fuseCorpus(rows: Map<string, number>) {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  writeHibp(join(dir, 'v1.txt'), rows)
  const built = await runPwguard(['corpus', 'build', '--out', out, '--hibp', join(dir, 'v1.txt')])
  expect(built.code).toBe(0)
  useFuseFilter(out, [...rows.keys()], SHARD_BITS)
  return { dir, out }
}

/** Shard s's row (without its offset) and fingerprint bytes. */
function shardBytes(filter: ReturnType<typeof readFuseFilterFile>, s: number) {
  const row = filter.table.subarray(s * SHARD_WORDS, (s + 1) * SHARD_WORDS)
  const start = (row[0] as number) + (row[1] as number) * 2 ** 32
  const end = start + (row[5] as number)
  return Buffer.concat([Buffer.from(row.slice(2).buffer), filter.fingerprints.subarray(start, end)])
}

it('corpus update of a fuse-filtered corpus rebuilds only the shards of changed prefixes', async () => {
  const rows = new Map(Array.from({ length: 3000 }, (_, i) => [sha1(`pw-${i}`), i + 1]))
  const { dir, out } = await fuseCorpus(rows)
  expect((await runPwguard(['corpus', 'verify', '--dir', out])).code).toBe(0)
  // The served filter, kept by a second link: the update must write a new file, never this one.
  const servedCopy = join(dir, 'served-filter.bin')
  linkSync(join(out, 'filter.bin'), servedCopy)
  const servedBytes = readFileSync(servedCopy)

  // A count goes up (same digests), a hash leaves, a new one arrives with 150 more in its
  // shard, enough to grow the shard's array and so move every later shard's bytes.
  const bumped = sha1('pw-7')
  const removed = sha1('pw-8')
  const added = sha1('a-password-new-in-this-release')
  const next = new Map(rows)
  next.set(bumped, 99_999)
  next.delete(removed)
  next.set(added, 5)
  for (let i = 0, grown = 0; grown < 150; i++) {
    const hex = sha1(`grow-${i}`)
    if (shardOf(hex) === shardOf(added)) next.set(hex, 1 + grown++)
  }
  writeHibp(join(dir, 'v2.txt'), next)
  const update = await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v2.txt')])
  expect(update.code).toBe(0)
  const rebuilt = new Set([bumped, removed, added].map(shardOf))
  expect(rebuilt.size).toBeGreaterThan(1)
  expect(update.stderr).toMatch(
    new RegExp(`fuse filter: rebuilt ${rebuilt.size} of 32 shards \\(\\d+ keys\\)`),
  )
  expect(update.stderr).not.toMatch(/full rebuild/)

  // The new filter is byte for byte what a full build of the new version writes.
  expect(
    readFileSync(join(out, 'filter.bin')).equals(fuseFilterFile(next.keys(), SHARD_BITS)),
  ).toBe(true)
  expect(readFileSync(servedCopy).equals(servedBytes)).toBe(true)
  // Only the shards whose digests changed differ (the bumped count's shard is rebuilt to the same bytes).
  const before = readFuseFilterFile(servedCopy)
  const after = readFuseFilterFile(join(out, 'filter.bin'))
  const differing = new Set([removed, added].map(shardOf))
  for (let s = 0; s < 32; s++) {
    expect([s, shardBytes(before, s).equals(shardBytes(after, s))]).toEqual([s, !differing.has(s)])
  }
  const grownRow = shardOf(added) * SHARD_WORDS
  expect(after.table[grownRow + 5]).toBeGreaterThan(before.table[grownRow + 5] as number)
  expect(after.fingerprints.length).toBeGreaterThan(before.fingerprints.length)

  const corpus = openFileCorpus({ dir: out, logger: createMemoryLogger() })
  expect([...next.keys()].every((hex) => corpus.filter.mightContain(hex))).toBe(true)
  expect(before.mightContain(removed)).toBe(true)
  expect(corpus.filter.mightContain(removed)).toBe(false)
  expect(corpus.manifest.filter).toMatchObject({ scheme: 'sha1-binary-fuse8-sharded', items: 3150 })
  expect(corpus.manifest.filter.measuredFpr).toBeLessThan(0.01)
  corpus.reader.close()
  expect((await runPwguard(['corpus', 'verify', '--dir', out])).code).toBe(0)
}, 120_000)

it('a running server picks up the updated fuse filter without a restart', async () => {
  const rows = new Map(Array.from({ length: 500 }, (_, i) => [sha1(`live-${i}`), 1]))
  const { dir, out } = await fuseCorpus(rows)
  const logger = createMemoryLogger()
  const corpus = watchFileCorpus(openFileCorpus({ dir: out, logger }), {
    dir: out,
    logger,
    intervalMs: 60_000,
  })
  const t = createTestApp({ corpus })
  const removed = sha1('live-3')
  const fresh = sha1('fresh-password-in-the-update')
  expect(corpus.filter.mightContain(removed)).toBe(true)
  rows.delete(removed)
  rows.set(fresh, 4)
  // The first line last: found out of order at the end of the stream, so the update starts over
  // through a scratch build (fresh writers and a fresh shard rebuild).
  writeHibp(join(dir, 'sorted.txt'), rows)
  const [first, ...rest] = readFileSync(join(dir, 'sorted.txt'), 'latin1').trimEnd().split('\r\n')
  writeFileSync(join(dir, 'v2.txt'), `${[...rest, first].join('\r\n')}\r\n`)
  const update = await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v2.txt')])
  expect(update.stderr).toMatch(/fuse filter: rebuilt [12] of 32 shards/)
  corpus.checkNow()
  expect(corpus.filter.mightContain(fresh)).toBe(true)
  expect(corpus.filter.mightContain(removed)).toBe(false)
  const range = await t.app.request(`/range/${fresh.slice(0, 5)}`)
  expect(await range.text()).toContain(`${fresh.slice(5)}:4`)
  corpus.reader.close()
  t.close()
}, 120_000)

it('an update that changes no SHA-1 prefix links the served fuse filter', async () => {
  const rows = new Map(Array.from({ length: 200 }, (_, i) => [sha1(`same-${i}`), 1]))
  const { dir, out } = await fuseCorpus(rows)
  const inode = statSync(join(out, 'filter.bin')).ino
  const update = await runPwguard(['corpus', 'update', '--dir', out, '--hibp', join(dir, 'v1.txt')])
  expect(update.stderr).toMatch(/fuse filter: rebuilt 0 of 32 shards \(0 keys\)/)
  expect(statSync(join(out, 'filter.bin')).ino).toBe(inode)
  expect((await runPwguard(['corpus', 'verify', '--dir', out])).code).toBe(0)
}, 120_000)
