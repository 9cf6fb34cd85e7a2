import { describe, expect, it } from 'vitest'
import { estimateVerifyMs, VERIFY_BUDGET_MS } from '../../src/hashing/cost-table.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'

const b64 = (bytes: number): string => Buffer.alloc(bytes, 7).toString('base64').replace(/=+$/, '')
const ab64 = (bytes: number): string => b64(bytes).replaceAll('+', '.')
const crypt64 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** crypt64 digit for n (phpass count char), little-endian 4-char BSDi count. */
const c64 = (n: number): string => `./${crypt64}`[n] ?? '?'
const bsdiCount = (n: number): string => [0, 6, 12, 18].map((s) => c64((n >> s) & 63)).join('')
const bcrypt = (cost: string): string => `$2b$${cost}$${'a'.repeat(53)}`
const scrypt = (ln: number, r: number, p: number): string =>
  `$scrypt$ln=${ln},r=${r},p=${p}$${ab64(16)}$${ab64(32)}`
const argon2 = (m: number, t: number, p: number): string =>
  `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(16)}$${b64(32)}`
const shaCrypt = (rounds: number): string => `$6$rounds=${rounds}$salt$${'a'.repeat(86)}`
const aspnetV3 = (iterations: number): string => {
  const header = Buffer.alloc(13)
  header[0] = 1
  header.writeUInt32BE(1, 1)
  header.writeUInt32BE(iterations, 5)
  header.writeUInt32BE(16, 9)
  return Buffer.concat([header, Buffer.alloc(48, 3)]).toString('base64')
}

type Case = [string, string, 'ok' | 'cost_out_of_bounds' | 'malformed_hash']
// The bounds come from measured verify time (src/hashing/cost-table.ts, README cost table):
// at most about 2 s of CPU per verify, and every real library default fits under them.
const CASES: Case[] = [
  ['bcrypt cost 14', bcrypt('14'), 'ok'],
  ['bcrypt cost 15', bcrypt('15'), 'cost_out_of_bounds'],
  ['bcrypt cost 4', bcrypt('04'), 'ok'],
  ['bcrypt cost 3', bcrypt('03'), 'cost_out_of_bounds'],
  [
    'passlib bcrypt_sha256 cost 14',
    `$bcrypt-sha256$v=2,t=2b,r=14$${'a'.repeat(22)}$${'b'.repeat(31)}`,
    'ok',
  ],
  [
    'passlib bcrypt_sha256 cost 15',
    `$bcrypt-sha256$v=2,t=2b,r=15$${'a'.repeat(22)}$${'b'.repeat(31)}`,
    'cost_out_of_bounds',
  ],
  ['scrypt N 2^17', scrypt(17, 8, 1), 'ok'],
  ['scrypt N 2^18', scrypt(18, 8, 1), 'cost_out_of_bounds'],
  ['scrypt N as 131072 (Kratos)', scrypt(131072, 8, 1), 'ok'],
  ['scrypt N as 262144 (Kratos)', scrypt(262144, 8, 1), 'cost_out_of_bounds'],
  ['scrypt N not a power of two', scrypt(100000, 8, 1), 'cost_out_of_bounds'],
  ['scrypt r 8', scrypt(10, 8, 1), 'ok'],
  ['scrypt r 9', scrypt(10, 9, 1), 'cost_out_of_bounds'],
  ['scrypt r 0', scrypt(10, 0, 1), 'cost_out_of_bounds'],
  ['scrypt p 16', scrypt(10, 8, 16), 'ok'],
  ['scrypt p 17', scrypt(10, 8, 17), 'cost_out_of_bounds'],
  ['scrypt N·r·p 2^22 (N 2^17, p 4)', scrypt(17, 8, 4), 'ok'],
  ['scrypt N·r·p above 2^22 (N 2^17, p 10: ~3.4 s)', scrypt(17, 8, 10), 'cost_out_of_bounds'],
  ['argon2 m 256 MiB', argon2(262_144, 1, 1), 'ok'],
  ['argon2 m 256 MiB + 1 KiB', argon2(262_145, 1, 1), 'cost_out_of_bounds'],
  ['argon2 m 1 GiB', argon2(1_048_576, 1, 1), 'cost_out_of_bounds'],
  ['argon2 m below 8·p', argon2(15, 1, 2), 'cost_out_of_bounds'],
  ['argon2 t 10', argon2(64, 10, 1), 'ok'],
  ['argon2 t 11', argon2(64, 11, 1), 'cost_out_of_bounds'],
  ['argon2 t 0', argon2(64, 0, 1), 'cost_out_of_bounds'],
  ['argon2 p 16', argon2(256, 1, 16), 'ok'],
  ['argon2 p 17', argon2(256, 1, 17), 'cost_out_of_bounds'],
  ['argon2 256 MiB × t 10 (~1.2 s)', argon2(262_144, 10, 1), 'ok'],
  ['passlib pbkdf2 2.5 M', `$pbkdf2-sha256$2500000$${ab64(16)}$${ab64(32)}`, 'ok'],
  [
    'passlib pbkdf2 2.5 M + 1',
    `$pbkdf2-sha256$2500001$${ab64(16)}$${ab64(32)}`,
    'cost_out_of_bounds',
  ],
  ['passlib pbkdf2 10 M', `$pbkdf2-sha256$10000000$${ab64(16)}$${ab64(32)}`, 'cost_out_of_bounds'],
  ['passlib pbkdf2 0', `$pbkdf2-sha256$0$${ab64(16)}$${ab64(32)}`, 'cost_out_of_bounds'],
  ['PHC pbkdf2 l=128', `$pbkdf2-sha512$i=1000,l=128$${b64(16)}$${b64(128)}`, 'ok'],
  ['PHC pbkdf2 l=129', `$pbkdf2-sha512$i=1000,l=129$${b64(16)}$${b64(129)}`, 'malformed_hash'],
  ['PHC pbkdf2 l≠key', `$pbkdf2-sha256$i=1000,l=64$${b64(16)}$${b64(32)}`, 'malformed_hash'],
  [
    'PHC pbkdf2 2.5 M + 1',
    `$pbkdf2-sha256$i=2500001,l=32$${b64(16)}$${b64(32)}`,
    'cost_out_of_bounds',
  ],
  ['Werkzeug 2.5 M', `pbkdf2:sha256:2500000$salt$${'ab'.repeat(32)}`, 'ok'],
  ['Werkzeug 2.5 M + 1', `pbkdf2:sha256:2500001$salt$${'ab'.repeat(32)}`, 'cost_out_of_bounds'],
  ['Werkzeug without iterations', `pbkdf2:sha256$salt$${'ab'.repeat(32)}`, 'malformed_hash'],
  ['Django pbkdf2 1 M (Django 5.2)', `pbkdf2_sha256$1000000$salt$${b64(32)}=`, 'ok'],
  ['Django pbkdf2 2.5 M + 1', `pbkdf2_sha256$2500001$salt$${b64(32)}=`, 'cost_out_of_bounds'],
  [
    'Django scrypt N 2^18',
    `scrypt$262144$salt$8$1$${Buffer.alloc(64).toString('base64')}`,
    'cost_out_of_bounds',
  ],
  ['ASP.NET v3 2.5 M', aspnetV3(2_500_000), 'ok'],
  ['ASP.NET v3 2.5 M + 1', aspnetV3(2_500_001), 'cost_out_of_bounds'],
  ["sha-crypt rounds 656,000 (passlib's default)", shaCrypt(656_000), 'ok'],
  ['sha-crypt rounds 656,001', shaCrypt(656_001), 'cost_out_of_bounds'],
  ['sha-crypt rounds 10 M', shaCrypt(10_000_000), 'cost_out_of_bounds'],
  ['sha-crypt rounds 1000', shaCrypt(1000), 'ok'],
  ['sha-crypt rounds 999', shaCrypt(999), 'cost_out_of_bounds'],
  ['sha-crypt salt of 17 chars', `$6$${'s'.repeat(17)}$${'a'.repeat(86)}`, 'malformed_hash'],
  ["phpass 2^19 (passlib's and phpBB's default)", `$P$${c64(19)}saltsalt${'a'.repeat(22)}`, 'ok'],
  ['phpBB $H$ 2^19', `$H$${c64(19)}saltsalt${'a'.repeat(22)}`, 'ok'],
  ['phpass 2^20', `$P$${c64(20)}saltsalt${'a'.repeat(22)}`, 'cost_out_of_bounds'],
  ['phpass 2^6', `$P$${c64(6)}saltsalt${'a'.repeat(22)}`, 'malformed_hash'],
  ['BSDi 5 M rounds', `_${bsdiCount(5_000_000)}salt${'a'.repeat(10)}.`, 'ok'],
  ['BSDi 5 M + 1 rounds', `_${bsdiCount(5_000_001)}salt${'a'.repeat(10)}.`, 'cost_out_of_bounds'],
  ['BSDi 0 rounds', `_....salt${'a'.repeat(10)}.`, 'cost_out_of_bounds'],
  ['SSHA with 64-byte salt', `{SSHA}${b64(20 + 64)}`, 'ok'],
  ['SSHA with 65-byte salt', `{SSHA}${b64(20 + 65)}`, 'malformed_hash'],
  ['SSHA without salt', `{SSHA}${b64(20)}`, 'malformed_hash'],
]

describe('cost bounds are enforced at parse time', () => {
  it.each(CASES)('%s', (_, hash, expected) => {
    const result = parseStoredHash(hash)
    expect(result.ok ? 'ok' : result.code).toBe(expected)
  })

  it('reports the parsed cost so callers can apply their own threshold', () => {
    const result = parseStoredHash(scrypt(17, 8, 4))
    expect(result.ok && result.hash.cost).toEqual({ N: 131072, r: 8, p: 4 })
    const sha = parseStoredHash(shaCrypt(1000))
    expect(sha.ok && sha.hash.cost).toEqual({ rounds: 1000 })
  })
})

describe('the bounds follow the calibrated cost table', () => {
  const AT_BOUND = [
    shaCrypt(656_000),
    `$5$rounds=656000$salt$${'a'.repeat(43)}`,
    `$P$${c64(19)}saltsalt${'a'.repeat(22)}`,
    `_${bsdiCount(5_000_000)}salt${'a'.repeat(10)}.`,
    `$pbkdf2-sha512$2500000$${ab64(16)}$${ab64(64)}`,
    scrypt(17, 8, 4),
    bcrypt('14'),
    argon2(262_144, 10, 1),
  ]
  it.each(AT_BOUND)(
    '%s: one verify with a 64-byte password is estimated at most ~2 s of CPU',
    (hash) => {
      const result = parseStoredHash(hash)
      if (!result.ok) throw new Error(result.detail)
      expect(estimateVerifyMs(result.hash, 64)).toBeLessThanOrEqual(VERIFY_BUDGET_MS * 1.05)
    },
  )
})
