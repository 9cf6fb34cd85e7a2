/**
 * Calibrates the legacy-hash cost bounds (issue 10, finding 3) from measured verify CPU time: for
 * each slow family, the CPU time of one verify per cost unit, and the largest cost whose verify
 * stays within the budget (default 2,000 ms of CPU, the most one verify may take).
 *
 *   npx tsx scripts/bench/cost-calibration.ts [--budget-ms 2000] [--sample-ms 250]
 *
 * Prints one JSON line per family: {figure, family, unit, msPerUnit, msPerUnitPerByte?,
 * budgetMs, maxUnits, maxAt64Bytes?, baselineArgon2idMs, ratioVsArgon2id}. Families whose work
 * grows with the password (sha-crypt, phpass) are fitted as ms = units × (a + b × bytes). The
 * baseline is one OWASP argon2id verify measured in the same run. src/hashing/cost-table.ts holds
 * the figures this printed; rerun it on the target machine and update the table there.
 */
import { hashSync as argon2HashSync } from '@node-rs/argon2'
import { hashSync as bcryptHashSync } from '@node-rs/bcrypt'
import { cpus, loadavg } from 'node:os'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const budgetMs = option('--budget-ms', 2000)
const sampleMs = option('--sample-ms', 250)
const primitives = createNodeHashPrimitives(createNodeArgon2Hasher(OWASP_ARGON2ID))
const SALT16 = 'abcdefghijklmnop'
const A64 = 'A'.repeat(64)

/**
 * Median CPU time (ms, user + system of this process) of one verify of `hash` with `password`,
 * over at least 3 runs. CPU time, not wall time: on a shared machine wall time measures the
 * neighbours' load; one verify runs alone here, so the process's CPU time is its cost.
 */
async function timeVerify(hash: string, password: string): Promise<number> {
  const result = parseStoredHash(hash)
  if (!result.ok) throw new Error(`${hash.slice(0, 40)}: ${result.detail}`)
  const times: number[] = []
  const start = performance.now()
  while (times.length < 3 || performance.now() - start < sampleMs) {
    const before = process.cpuUsage()
    await result.hash.verify(password, primitives)
    const used = process.cpuUsage(before)
    times.push((used.user + used.system) / 1000)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? 0
}

interface Family {
  family: string
  unit: string
  /** A hash at `units` cost units; the checksum need not match (a failed verify costs the same). */
  make(units: number): string
  units: number
  /** Password lengths whose cost differs: fitted as ms = units × (a + b × bytes). */
  lengthDependent?: boolean
}

const shaCrypt = (kind: '5' | '6', n: number) =>
  `$${kind}$rounds=${n}$${SALT16}$${'.'.repeat(kind === '5' ? 43 : 86)}`
const phpassChar = (log2: number) => './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[log2] ?? 'H'
const ab64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64').replace(/=+$/, '')
const FAMILIES: Family[] = [
  {
    family: 'sha512_crypt',
    unit: 'round',
    units: 100_000,
    lengthDependent: true,
    make: (n) => shaCrypt('6', n),
  },
  {
    family: 'sha256_crypt',
    unit: 'round',
    units: 100_000,
    lengthDependent: true,
    make: (n) => shaCrypt('5', n),
  },
  {
    family: 'phpass',
    unit: 'round',
    units: 2 ** 17,
    lengthDependent: true,
    make: (n) => `$P$${phpassChar(Math.log2(n))}${SALT16.slice(0, 8)}${'.'.repeat(22)}`,
  },
  {
    family: 'bsdi_crypt',
    unit: 'round',
    units: 20_000,
    make: (n) => `_${encode24(n)}abcd${'.'.repeat(11)}`,
  },
  ...(['sha1', 'sha256', 'sha512'] as const).map((prf) => ({
    family: `pbkdf2_${prf}`,
    unit: 'iteration',
    units: 100_000,
    make: (n: number) =>
      `$pbkdf2${prf === 'sha1' ? '' : `-${prf}`}$${n}$${ab64(16)}$${ab64(prf === 'sha1' ? 20 : prf === 'sha256' ? 32 : 64)}`,
  })),
  {
    family: 'scrypt',
    unit: 'N·r·p (128 bytes each)',
    units: 2 ** 14 * 8,
    make: (n) => `$scrypt$ln=${Math.log2(n / 8)},r=8,p=1$${ab64(16)}$${ab64(32)}`,
  },
  {
    family: 'bcrypt',
    unit: '2^cost',
    units: 2 ** 10,
    make: (n) => bcryptHashSync('calibration', Math.log2(n)),
  },
  {
    family: 'argon2',
    unit: 'KiB·pass (m·t)',
    units: 32_768,
    make: (n) => argon2HashSync('calibration', { memoryCost: n, timeCost: 1, parallelism: 1 }),
  },
]

function encode24(n: number): string {
  const chars = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  let out = ''
  for (let i = 0; i < 4; i++) out += chars[(n >> (6 * i)) & 63]
  return out
}

const argon2Hash = argon2HashSync('calibration', {
  memoryCost: OWASP_ARGON2ID.memoryKib,
  timeCost: OWASP_ARGON2ID.iterations,
  parallelism: OWASP_ARGON2ID.parallelism,
})
const baseline = await timeVerify(argon2Hash, 'calibration')
const context = { cores: cpus().length, loadavg: loadavg().map((x) => +x.toFixed(2)) }
console.log(
  JSON.stringify({
    figure: 'cost-calibration-baseline',
    scheme: 'argon2id',
    cost: OWASP_ARGON2ID,
    msPerVerify: +baseline.toFixed(2),
    ...context,
  }),
)
for (const spec of FAMILIES) {
  const hash = spec.make(spec.units)
  const short = await timeVerify(hash, 'x'.repeat(8))
  let perUnit = short / spec.units
  let perUnitPerByte: number | undefined
  if (spec.lengthDependent) {
    const long = await timeVerify(hash, 'x'.repeat(1024))
    perUnitPerByte = Math.max(0, (long - short) / spec.units / (1024 - 8))
    perUnit = Math.max(0, short / spec.units - perUnitPerByte * 8)
  }
  const at = (bytes: number) => perUnit + (perUnitPerByte ?? 0) * bytes
  console.log(
    JSON.stringify({
      figure: 'cost-calibration',
      family: spec.family,
      unit: spec.unit,
      msPerUnit: +perUnit.toPrecision(4),
      ...(perUnitPerByte === undefined ? {} : { msPerUnitPerByte: +perUnitPerByte.toPrecision(4) }),
      budgetMs,
      maxUnits: Math.floor(budgetMs / at(spec.lengthDependent ? A64.length : 0)),
      ...(spec.lengthDependent ? { maxAt1024Bytes: Math.floor(budgetMs / at(1024)) } : {}),
      sampleUnits: spec.units,
      sampleMs: +short.toFixed(2),
      ratioVsArgon2id: +(short / baseline).toFixed(2),
    }),
  )
}
