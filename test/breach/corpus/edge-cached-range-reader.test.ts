import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import {
  withEdgeCache,
  type EdgeCache,
} from '../../../src/breach/corpus/read/edge-cached-range-reader.js'
import { openR2RangeReader } from '../../../src/breach/corpus/read/r2-range-reader.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** An R2 bucket over a folder, counting reads (what an R2 Class B operation bills). */
function folderBucket(dir: string) {
  const files = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]))
  const bucket = {
    reads: 0,
    async get(key: string, options?: { range?: { offset: number; length: number } }) {
      bucket.reads++
      const file = files.get(key)
      if (!file) return null
      const { offset = 0, length = file.length } = options?.range ?? {}
      const slice = file.subarray(offset, offset + length)
      return { size: file.length, arrayBuffer: async () => new Uint8Array(slice).buffer }
    },
  }
  return bucket
}

/** The Cache API's contract over a Map, with real Response objects. */
function mapCache(): EdgeCache {
  const entries = new Map<string, ArrayBuffer>()
  return {
    match: async (key) => {
      const body = entries.get(key)
      return body ? new Response(body.slice(0)) : undefined
    },
    put: async (key, response) => void entries.set(key, await response.arrayBuffer()),
  }
}

it('reads each range from R2 once per corpus version, then from the cache, same bytes', async () => {
  const dir = tempDir()
  const words = Array.from({ length: 500 }, (_, i) => `word-${i}`)
  writeFileSync(join(dir, 'list.txt'), words.join('\n'))
  const out = join(dir, 'corpus')
  expect(
    (await runPwguard(['corpus', 'build', '--out', out, '--passwords', join(dir, 'list.txt')]))
      .code,
  ).toBe(0)
  const bucket = folderBucket(out)
  const r2 = await openR2RangeReader(bucket)
  // Ranged index reads format from the records: the stored bodies must match them.
  const plain = await openR2RangeReader(folderBucket(out), { index: 'range' })
  const stats = { hits: 0, misses: 0 }
  const cached = withEdgeCache(r2, mapCache(), stats)
  const prefixes = words
    .slice(0, 20)
    .map((word) => createHash('sha1').update(word).digest('hex').slice(0, 5).toUpperCase())
  await cached.readBody('sha1', '00000') // loads the body index
  const before = bucket.reads
  for (const prefix of [...prefixes, ...prefixes, ...prefixes]) {
    expect(text(await cached.readBody('sha1', prefix))).toBe(
      text(await plain.readBody('sha1', prefix)),
    )
  }
  expect(bucket.reads - before).toBe(new Set(prefixes).size)
  expect(stats.hits).toBe(prefixes.length * 3 - new Set(prefixes).size)
  const sha1 = createHash('sha1').update('word-7').digest('hex').toUpperCase()
  expect(await cached.read('sha1', sha1.slice(0, 5))).toContainEqual({
    suffix: sha1.slice(5),
    count: 1,
  })
  expect(cached.version?.()).toEqual(r2.version?.())
})
