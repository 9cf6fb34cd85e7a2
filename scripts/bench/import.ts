/**
 * Account import throughput (issue 3): 100 k accounts through `pwguard accounts import`, once
 * with bare SHA-1 digests (+ hint) and once with bcrypt hashes, each as a child process on a
 * fresh SQLite file. Baseline in the same run: reading and JSON-parsing the same file.
 * Prints one JSON line per figure.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashSync } from '@node-rs/bcrypt'

const COUNT = Number(process.env.BENCH_IMPORT_COUNT ?? 100_000)
const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-import-'))

function writeFile(name: string, hashFor: (i: number) => Record<string, unknown>): string {
  const file = join(dir, name)
  const lines: string[] = []
  for (let i = 0; i < COUNT; i++) {
    lines.push(
      JSON.stringify({
        externalId: `patient-${i}`,
        email: `patient${i}@example.be`,
        ...hashFor(i),
      }),
    )
  }
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

function baselineParse(file: string): number {
  const started = performance.now()
  let n = 0
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line) n += JSON.parse(line) ? 1 : 0
  return n / ((performance.now() - started) / 1000)
}

function importRate(file: string, label: string): number {
  const env = {
    ...process.env,
    PWGUARD_DB: join(dir, `${label}.db`),
    PWGUARD_SECRET: 'b'.repeat(40),
  }
  const started = performance.now()
  const run = spawnSync(
    'node',
    ['src/entry/pwguard-bin.mjs', 'accounts', 'import', file, '--tenant', 'bench'],
    { env, encoding: 'utf8' },
  )
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) throw new Error(`import failed: ${run.stderr}`)
  const report = JSON.parse(run.stdout) as { imported: number }
  if (report.imported !== COUNT) throw new Error(`imported ${report.imported} of ${COUNT}`)
  return COUNT / seconds
}

// Real bcrypt hashes (cost 10), 1,000 distinct ones reused: import parses, it does not verify.
const bcryptHashes = Array.from({ length: 1000 }, (_, i) => hashSync(`password-${i}`, 10))
const files = {
  bare_sha1: writeFile('sha1.ndjson', (i) => ({
    hash: createHash('sha1').update(`password-${i}`).digest('hex'),
    hint: { algorithm: 'sha1' },
  })),
  bcrypt: writeFile('bcrypt.ndjson', (i) => ({ hash: bcryptHashes[i % 1000] })),
}
for (const [label, file] of Object.entries(files)) {
  const baseline = baselineParse(file)
  const rate = importRate(file, label)
  console.log(
    JSON.stringify({
      figure: `import_${label}`,
      accounts: COUNT,
      accountsPerSecond: Math.round(rate),
      secondsFor100k: Number((100_000 / rate).toFixed(1)),
      baseline: 'JSON.parse of the same lines, in process',
      baselinePerSecond: Math.round(baseline),
      ratio: Number((rate / baseline).toFixed(3)),
    }),
  )
}
