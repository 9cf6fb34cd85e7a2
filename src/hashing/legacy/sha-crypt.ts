import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { encodeCrypt24 } from './codecs.js'
import { COST_BOUNDS, parseDecimal, within } from './cost-bounds.js'
import { recomputableHash, type DigestFunction } from './recomputable-hash.js'
import { ROUNDS_PER_SLICE, yieldToEventLoop } from './yield-to-event-loop.js'

const SHA_CRYPT = /^\$([56])\$(?:rounds=([0-9]+)\$)?([^$:\n]{0,16})\$([./0-9A-Za-z]+)$/
const DEFAULT_ROUNDS = 5000
const CHECKSUM_CHARS = { '5': 43, '6': 86 } as const

/**
 * Ulrich Drepper's SHA-crypt `$5$` / `$6$`, with or without `rounds=`. Absent means 5000. The
 * spec clamps a requested value below 1000 up to 1000 and writes `rounds=1000`, so no genuine
 * hash says less: like libxcrypt, PHP and passlib, such strings are refused, as are values above
 * passlib's default of 656,000 (see cost-bounds.ts). The canonical form keeps `rounds=` exactly when the input had it (the spec echoes it into
 * the output only when it was given; `rounds=5000` and no `rounds=` yield the same checksum).
 */
export function parseShaCrypt(hash: string): ParsedHashResult | null {
  const match = SHA_CRYPT.exec(hash)
  if (!match)
    return /^\$[56]\$/.test(hash)
      ? parseFailure('malformed_hash', 'not a valid sha-crypt hash')
      : null
  const [, variant = '5', roundsText, salt = '', checksum = ''] = match
  const kind = variant === '5' ? '5' : '6'
  if (checksum.length !== CHECKSUM_CHARS[kind])
    return parseFailure('malformed_hash', 'bad checksum length')
  const given = roundsText === undefined ? DEFAULT_ROUNDS : parseDecimal(roundsText)
  if (given === null) return parseFailure('malformed_hash', 'rounds must be a decimal')
  if (!within(given, COST_BOUNDS.shaCryptRounds)) {
    return parseFailure('cost_out_of_bounds', 'sha-crypt rounds must be 1000..656000')
  }
  const rounds = given
  const setting = `$${kind}$${roundsText === undefined ? '' : `rounds=${rounds}$`}${salt}$`
  return parsed(
    recomputableHash({
      scheme: kind === '5' ? 'sha256_crypt' : 'sha512_crypt',
      family: 'crypt',
      speed: 'slow',
      canonical: `${setting}${checksum}`,
      cost: { rounds },
      configBody: setting,
      digest: checksum,
      compute: shaCryptDigest(kind, salt, rounds),
    }),
  )
}

/** The checksum function for a `$5$…$` / `$6$…$` setting, or null. */
export function shaCryptFromConfig(body: string): DigestFunction | null {
  const kind = body.startsWith('$5$') ? '5' : '6'
  const result = parseShaCrypt(`${body}${'.'.repeat(CHECKSUM_CHARS[kind])}`)
  if (!result?.ok) return null
  const salt = body.split('$').at(-2) ?? ''
  return shaCryptDigest(kind, salt, result.hash.cost?.rounds ?? DEFAULT_ROUNDS)
}

/** Drepper's algorithm (steps 1–21 of the spec) for SHA-256 (`5`) or SHA-512 (`6`). */
export function shaCryptDigest(kind: '5' | '6', saltText: string, rounds: number): DigestFunction {
  const algorithm = kind === '5' ? 'sha256' : 'sha512'
  const size = kind === '5' ? 32 : 64
  const salt = Buffer.from(saltText, 'utf8')
  const sha = (...parts: Uint8Array[]): Buffer => {
    const hash = createHash(algorithm)
    for (const part of parts) hash.update(part)
    return hash.digest()
  }
  const repeat = (block: Buffer, length: number): Buffer =>
    Buffer.concat(Array.from({ length: Math.ceil(length / size) }, () => block)).subarray(0, length)
  return async (password) => {
    const b = sha(password, salt, password)
    const a = createHash(algorithm).update(password).update(salt)
    a.update(repeat(b, password.length))
    for (let bits = password.length; bits > 0; bits >>= 1) a.update(bits & 1 ? b : password)
    let c = a.digest()
    const p = repeat(
      sha(...Array.from({ length: password.length }, () => password)),
      password.length,
    )
    const s = repeat(sha(...Array.from({ length: 16 + (c[0] ?? 0) }, () => salt)), salt.length)
    for (let i = 0; i < rounds; i++) {
      if (i > 0 && i % ROUNDS_PER_SLICE === 0) await yieldToEventLoop()
      const round = createHash(algorithm)
      round.update(i & 1 ? p : c)
      if (i % 3) round.update(s)
      if (i % 7) round.update(p)
      round.update(i & 1 ? c : p)
      c = round.digest()
    }
    return encodeShaCrypt(kind, c)
  }
}

function encodeShaCrypt(kind: '5' | '6', c: Buffer): string {
  const b = (i: number): number => c[i] ?? 0
  const triple = (x: number, y: number, z: number, n: number): string =>
    encodeCrypt24((b(x) << 16) | (b(y) << 8) | b(z), n)
  let out = ''
  if (kind === '5') {
    for (let i = 0; i < 10; i++) {
      const base = [i, i + 10, i + 20]
      const shift = i % 3 // rotate right by i % 3: (0,10,20), (21,1,11), (12,22,2), …
      const [x = 0, y = 0, z = 0] = [...base.slice(3 - shift), ...base.slice(0, 3 - shift)]
      out += triple(x, y, z, 4)
    }
    return out + encodeCrypt24((b(31) << 8) | b(30), 3)
  }
  for (let i = 0; i < 21; i++) {
    const base = [i, i + 21, i + 42]
    const shift = i % 3 // rotate left by i % 3: (0,21,42), (22,43,1), (44,2,23), …
    const [x = 0, y = 0, z = 0] = [...base.slice(shift), ...base.slice(0, shift)]
    out += triple(x, y, z, 4)
  }
  return out + encodeCrypt24(b(63), 2)
}
