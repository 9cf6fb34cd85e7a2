/**
 * `npm run bench`: runs every benchmark in this folder one after another (never in parallel:
 * the machine has two cores and each figure is a ratio against a baseline from the same run).
 * Each benchmark prints one JSON line per figure; this runner passes them through unchanged.
 * `npm run bench -- range check` runs only the named ones.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run-all.ts')
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort()

let failed = 0
for (const name of benches) {
  process.stderr.write(`\n# bench ${name}\n`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], {
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    failed += 1
    process.stderr.write(`# bench ${name} exited with ${run.status ?? run.signal}\n`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
