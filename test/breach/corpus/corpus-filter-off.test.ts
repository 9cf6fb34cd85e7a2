import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { parseConfig } from '../../../src/config/config.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { createTestApp, jsonRequest } from '../../support/test-app.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

it('answers checks exactly with the filter turned off (PWGUARD_CORPUS_FILTER=off)', async () => {
  expect(parseConfig({ PWGUARD_CORPUS_FILTER: 'off' }).corpusFilter).toBe(false)
  expect(parseConfig({}).corpusFilter).toBe(true)
  const dir = tempDir()
  writeFileSync(join(dir, 'list.txt'), 'correct horse battery staple\nTr0ub4dor&3-is-leaked!\n')
  const out = join(dir, 'corpus')
  expect(
    (await runPwguard(['corpus', 'build', '--out', out, '--passwords', join(dir, 'list.txt')]))
      .code,
  ).toBe(0)
  const corpus = openFileCorpus({ dir: out, logger: createMemoryLogger(), filter: false })
  // No filter in memory: it says "maybe" to everything, so the exact range decides.
  expect(corpus.filter.mightContain('0'.repeat(40))).toBe(true)
  const t = createTestApp({ corpus })
  const auth = await t.keyFor('site', ['check'])
  const check = async (password: string) => {
    const response = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password }, auth),
    )
    return ((await response.json()) as { breach: { breached: boolean; count: number } }).breach
  }
  expect(await check('Tr0ub4dor&3-is-leaked!')).toMatchObject({ breached: true, count: 1 })
  expect(await check('a never-leaked passphrase 9f1c')).toMatchObject({ breached: false, count: 0 })
  t.close()
  corpus.reader.close()
})
