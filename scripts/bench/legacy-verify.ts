/**
 * Figure: cost of one legacy-hash verify (ms, single caller) per scheme, at the known-answer
 * fixtures' costs and at realistic costs, against one argon2id verify with OWASP parameters
 * (m=19456, t=2, p=1) measured in the same run.
 *
 *   npx tsx scripts/bench/legacy-verify.ts [--budget-ms 300]
 *
 * Each scheme runs verify sequentially until the budget is spent (at least 3 times). Prints one
 * JSON line per scheme and cost: {figure, scheme, cost, speed, msPerVerify, ratioVsArgon2id}.
 * A ratio below 1 means cheaper than the argon2id login that replaces it.
 */
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import type { ParsedHash } from '../../src/hashing/parsed-hash.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { loadHashVectors } from '../../test/hashing/legacy-fixtures.js'

const at = process.argv.indexOf('--budget-ms')
const budgetMs = at > 0 ? Number(process.argv[at + 1]) : 300
const hasher = createNodeArgon2Hasher(OWASP_ARGON2ID)
const primitives = createNodeHashPrimitives(hasher)

async function msPerVerify(hash: ParsedHash, password: string): Promise<number> {
  await hash.verify(password, primitives) // warm-up
  const start = performance.now()
  let runs = 0
  while (runs < 3 || performance.now() - start < budgetMs) {
    if (!(await hash.verify(password, primitives))) throw new Error(`${hash.scheme} did not verify`)
    runs++
  }
  return (performance.now() - start) / runs
}

/** One vector per scheme at fixture cost, plus every vector generated at a realistic cost. */
function pickVectors() {
  const seen = new Set<string>()
  return loadHashVectors().filter((vector) => {
    const key = `${vector.scheme}:${vector.realistic ? 'realistic' : 'fixture'}`
    if (seen.has(key) || vector.password.length > 100) return false
    seen.add(key)
    return true
  })
}

const baseline = (await parseStoredHash(await hasher.hash('password'))) as {
  ok: true
  hash: ParsedHash
}
const argon2Ms = await msPerVerify(baseline.hash, 'password')
console.log(
  JSON.stringify({
    figure: 'legacy-verify-baseline',
    scheme: 'argon2id',
    cost: baseline.hash.cost,
    msPerVerify: +argon2Ms.toFixed(3),
    ratioVsArgon2id: 1,
  }),
)
for (const vector of pickVectors()) {
  const result = parseStoredHash(vector.hash, vector.hint)
  if (!result.ok) throw new Error(`${vector.scheme}: ${result.detail}`)
  const ms = await msPerVerify(result.hash, vector.password)
  console.log(
    JSON.stringify({
      figure: 'legacy-verify',
      scheme: vector.scheme,
      cost: vector.realistic ? 'realistic' : 'fixture',
      params: result.hash.cost ?? {},
      speed: result.hash.speed,
      msPerVerify: +ms.toFixed(3),
      ratioVsArgon2id: +(ms / argon2Ms).toFixed(4),
    }),
  )
}
