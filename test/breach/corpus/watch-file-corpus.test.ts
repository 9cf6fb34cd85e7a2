import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { watchFileCorpus } from '../../../src/breach/corpus/read/watch-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { createTestApp } from '../../support/test-app.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase()

it('corpus update reports the changed prefixes; the server serves the update without a restart and without one failed request', async () => {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  const build = (words: string[], command = 'build', folderFlag = '--out') => {
    writeFileSync(join(dir, 'list.txt'), words.join('\n'))
    return runPwguard(['corpus', command, folderFlag, out, '--passwords', join(dir, 'list.txt')])
  }
  const old = Array.from({ length: 300 }, (_, i) => `old-password-${i}`)
  expect((await build(old)).code).toBe(0)
  const logger = createMemoryLogger()
  const corpus = watchFileCorpus(openFileCorpus({ dir: out, logger }), {
    dir: out,
    logger,
    intervalMs: 60_000,
  })
  const live = sha1('exposed-in-an-incident')
  corpus.filter.add(live)
  const t = createTestApp({ corpus })
  const fresh = sha1('fresh-password-in-the-update')
  const path = `/range/${fresh.slice(0, 5)}`
  const before = await t.app.request(path)
  expect(await before.text()).not.toContain(fresh.slice(5))

  // Load on the range API while the update is built beside the corpus and switched to.
  let failed = 0
  let served = 0
  let building = true
  const load = (async () => {
    while (building) {
      const responses = await Promise.all(
        old.slice(0, 20).map((word) => t.app.request(`/range/${sha1(word).slice(0, 5)}`)),
      )
      for (const response of responses) {
        if (response.status === 200) served++
        else failed++
      }
      corpus.checkNow()
    }
  })()
  const rebuilt = await build([...old, 'fresh-password-in-the-update'], 'update', '--dir')
  corpus.checkNow()
  building = false
  await load
  expect(rebuilt.code).toBe(0)
  expect(rebuilt.stdout).toMatch(/sha1: 1 of 1048576 prefixes changed; 300 -> 301 hashes \(\+1\)/)
  expect(failed).toBe(0)
  expect(served).toBeGreaterThan(0)

  const after = await t.app.request(path, {
    headers: { 'If-None-Match': before.headers.get('etag') ?? '' },
  })
  expect(after.status).toBe(200)
  expect(await after.text()).toContain(`${fresh.slice(5)}:1`)
  expect(corpus.filter.mightContain(fresh)).toBe(true)
  // A live addition made before the switch is still known to the new filter.
  expect(corpus.filter.mightContain(live)).toBe(true)
  corpus.reader.close()
  t.close()
})
