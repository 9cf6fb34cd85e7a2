import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Builds a corpus from `passwords` into `dir/corpus` with the real CLI (`pwguard corpus build`),
 * so a bench serves exactly what an operator's build would. Returns the corpus folder.
 */
export function buildBenchCorpus(dir: string, passwords: readonly string[]): string {
  const list = join(dir, 'corpus-passwords.txt')
  writeFileSync(list, passwords.join('\n'))
  const out = join(dir, 'corpus')
  const run = spawnSync('node', [
    'src/entry/pwguard-bin.mjs',
    'corpus',
    'build',
    '--out',
    out,
    '--passwords',
    list,
  ])
  if (run.status !== 0) throw new Error(`corpus build failed: ${run.stderr}`)
  return out
}
