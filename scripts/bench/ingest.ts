/**
 * Exposure ingest throughput (issue 6: ≥ 20 k records/s without plaintext passwords). 100 k
 * accounts on a fresh SQLite file, then an NDJSON exposure list of 200 k records
 * `{email, passwordSha1}` (80 % matching an account) streamed through `ingestExposures` with
 * the Node live-additions store, then the same list again (all duplicates). Baseline in the same
 * run: streaming and JSON-parsing the same file line by line. One JSON line per figure.
 */
import { createHash } from 'node:crypto'
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readUploadLines } from '../../src/accounts/ndjson-lines.js'
import { createStoredHashVerifier } from '../../src/accounts/stored-hash-verifier.js'
import { openSqliteLiveBreachStore } from '../../src/breach/live/sqlite-live-breach-store-node.js'
import { createTenantAdditions } from '../../src/breach/live/tenant-additions.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { ndjsonRows } from '../../src/incidents/exposure-rows.js'
import { ingestExposures } from '../../src/incidents/ingest-exposures.js'
import type { IngestReport } from '../../src/incidents/ingest-report.js'
import { openIncidentCounters } from '../../src/store/sqlite/sqlite-incident-counters.js'
import { createKeyedHash } from '../../src/crypto/keyed-hash.js'
import { ingestAuditEntries } from '../../src/audit/ingest-audit-entries.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { EMAIL_INDEX_PURPOSE } from '../../src/crypto/secret-keys.js'
import { accounts } from '../../src/store/schema.js'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'

const ACCOUNTS = Number(process.env.BENCH_INGEST_ACCOUNTS ?? 100_000)
const RECORDS = Number(process.env.BENCH_INGEST_RECORDS ?? 200_000)
const secret = new TextEncoder().encode('bench-secret-bench-secret-bench-secret')
const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-ingest-'))
const print = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure))

async function seedAccounts(driver: ReturnType<typeof openSqliteDriver>) {
  await ensureTenant(driver.db, { id: 'bench' }, 0)
  const index = createKeyedHash(secret, EMAIL_INDEX_PURPOSE).hexSync
  const hash = '$2b$10$abcdefghijklmnopqrstuu5Fe0C9ZqkW3pI3Q0qkJ0qkJ0qkJ0qkK'
  for (let start = 0; start < ACCOUNTS; start += 2_000) {
    const rows = Array.from({ length: Math.min(2_000, ACCOUNTS - start) }, (_, k) => ({
      tenantId: 'bench',
      externalId: `patient-${start + k}`,
      emailIndex: index(`patient${start + k}@example.be`),
      passwordHash: hash,
      scheme: 'bcrypt',
      createdAt: 0,
      updatedAt: 0,
    }))
    await driver.db.insert(accounts).values(rows)
  }
}

function writeExposures(): string {
  const file = join(dir, 'exposures.ndjson')
  const lines: string[] = []
  for (let i = 0; i < RECORDS; i++) {
    // 80 % of the records name a real account; the rest are addresses the site never had.
    const owner = i % 5 === 4 ? `stranger${i}@mail.example` : `patient${i % ACCOUNTS}@example.be`
    const sha1 = createHash('sha1').update(`leaked-password-${i}`).digest('hex')
    lines.push(JSON.stringify({ email: owner, passwordSha1: sha1 }))
  }
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

/** CPU seconds (user + system) since `since`: a figure the shared, noisy machine distorts less. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

async function baselineRate(file: string): Promise<[number, number]> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  let n = 0
  for await (const line of readUploadLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if ('text' in line && line.text !== '' && JSON.parse(line.text)) n += 1
  }
  return [n / ((performance.now() - started) / 1000), n / cpuSeconds(cpu)]
}

async function main() {
  const driver = openSqliteDriver(join(dir, 'pwguard.db'))
  const live = openSqliteLiveBreachStore(join(dir, 'corpus.live.sqlite'))
  await seedAccounts(driver)
  const stores = createSqliteStorePorts(driver, { auditKey: deriveAuditChainKey(secret) })
  // The counters row createIncident writes: ingest then pays for keeping its figures.
  await openIncidentCounters(driver.db, { tenantId: 'bench', incidentId: 'inc_bench' })
  const file = writeExposures()
  const hasher = createNodeArgon2Hasher({ memoryKib: 19_456, iterations: 2, parallelism: 1 })
  const verifier = createStoredHashVerifier({
    hasher,
    primitives: createNodeHashPrimitives(hasher),
  })
  const corpus = createTenantAdditions(live)
  const ingest = async (): Promise<[IngestReport, number, number]> => {
    const started = performance.now()
    const cpu = process.cpuUsage()
    const rows = ndjsonRows(readUploadLines(createReadStream(file, { highWaterMark: 1 << 20 })))
    const report = await ingestExposures(
      rows,
      { stores, corpus, verifier, secret },
      {
        tenantId: 'bench',
        incidentId: 'inc_bench',
        now: Date.now(),
        ...(process.env.BENCH_INGEST_BATCH && {
          batchSize: Number(process.env.BENCH_INGEST_BATCH),
        }),
        // The real cost: each batch carries its audit entry, as the route and the CLI write it.
        auditBatch: ingestAuditEntries({
          tenantId: 'bench',
          incidentId: 'inc_bench',
          actor: 'bench',
          clock: Date.now,
          random: webCryptoRandom,
        }).batch,
      },
    )
    return [report, RECORDS / ((performance.now() - started) / 1000), RECORDS / cpuSeconds(cpu)]
  }
  const [baseline, baselineCpu] = await baselineRate(file)
  print({
    figure: 'ingest_baseline_parse',
    recordsPerSecond: Math.round(baseline),
    recordsPerCpuSecond: Math.round(baselineCpu),
  })
  const w0 = process.hrtime.bigint() / 1000n
  const [first, rate, rateCpu] = await ingest()
  if (process.env.XWIN) console.error(`WINDOW ${w0} ${process.hrtime.bigint() / 1000n}`)
  if (first.records !== RECORDS || first.matched !== (RECORDS * 4) / 5) {
    throw new Error(`unexpected report ${JSON.stringify(first)}`)
  }
  print({
    figure: 'ingest_sha1_records',
    records: RECORDS,
    recordsPerSecond: Math.round(rate),
    ratioVsParse: Number((rate / baseline).toFixed(3)),
    recordsPerCpuSecond: Math.round(rateCpu),
    cpuRatioVsParse: Number((rateCpu / baselineCpu).toFixed(3)),
    goalRecordsPerSecond: 20_000,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  })
  const [again, rateAgain, rateAgainCpu] = await ingest()
  if (again.duplicates !== RECORDS) throw new Error('re-ingest was not idempotent')
  print({
    figure: 'ingest_reingest_duplicates',
    recordsPerSecond: Math.round(rateAgain),
    ratioVsParse: Number((rateAgain / baseline).toFixed(3)),
    recordsPerCpuSecond: Math.round(rateAgainCpu),
  })
  live.close()
  driver.close()
}

await main().finally(() => rmSync(dir, { recursive: true, force: true }))
