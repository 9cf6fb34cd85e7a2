import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { mirrorRanges } from '../../../src/breach/corpus/build/range-mirror-node.js'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { createTestApp } from '../../support/test-app.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()
// 5BAA6… is SHA-1("password"): the synced window holds it and its neighbours.
const WINDOW = '5BAA0-5BAAF'
const upstreamHashes = [
  { sha1: sha1('password'), count: 3_861_493 },
  ...Array.from({ length: 40 }, (_, i) => ({
    sha1: `5BAA${(i % 16).toString(16).toUpperCase()}${sha1(`n${i}`).slice(5)}`,
    count: i + 1,
  })),
]

let upstream = ''
let conditional = 0
let stop = () => {}
beforeAll(async () => {
  const second = createTestApp({ corpus: createMemoryCorpus(upstreamHashes) })
  const server = serve({
    fetch: (request) => {
      if (request.headers.get('if-none-match')) conditional++
      return second.app.fetch(request)
    },
    port: 0,
    hostname: '127.0.0.1',
  })
  await new Promise((resolve) => server.once('listening', resolve))
  upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  stop = () => {
    server.close()
    second.close()
  }
})
afterAll(() => stop())

it('mirrors a second pwguard into a corpus, then asks with If-None-Match and changes nothing', async () => {
  const out = join(tempDir(), 'corpus')
  const sync = () =>
    runPwguard(['corpus', 'sync', '--upstream', upstream, '--dir', out, '--prefixes', WINDOW])
  const first = await sync()
  expect(first.code).toBe(0)
  expect(first.stdout).toMatch(
    /synced 16 prefixes .*: 16 changed, 0 not modified \(304\), 0 failed/,
  )
  const corpus = openFileCorpus({ dir: out, logger: createMemoryLogger() })
  expect(corpus.manifest.modes.sha1?.hashCount).toBe(upstreamHashes.length)
  expect(await corpus.reader.read('sha1', '5BAA6')).toContainEqual({
    suffix: sha1('password').slice(5),
    count: 3_861_493,
  })
  corpus.reader.close()
  conditional = 0
  const second = await sync()
  expect(second.code).toBe(0)
  expect(second.stdout).toMatch(/16 prefixes .*: 0 changed, 16 not modified \(304\)/)
  expect(conditional).toBe(16)
})

it('resumes: prefixes done before a kill cost a 304 each, a torn state line is ignored', async () => {
  const mirror = join(tempDir(), 'mirror')
  const progress = { phase() {}, update() {}, end() {} }
  const half = await mirrorRanges({ upstream, mirror, from: 0x5baa0, to: 0x5baa7, progress })
  expect(half.changed).toBe(8)
  // A kill mid-append leaves a torn last line and maybe a temp file: neither is trusted.
  appendFileSync(join(mirror, 'sync-state.log'), '5BAA8 "torn')
  writeFileSync(join(mirror, '5BAA9.txt.tmp'), 'half a range')
  const resumed = await mirrorRanges({ upstream, mirror, from: 0x5baa0, to: 0x5baaf, progress })
  expect(resumed).toMatchObject({ asked: 16, notModified: 8, changed: 8, failed: [] })
})
