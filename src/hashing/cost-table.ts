import type { ParsedHash } from './parsed-hash.js'

/** The most one verify should cost on one core of the reference machine. */
export const VERIFY_BUDGET_MS = 2000

/**
 * Measured CPU time of one verify per cost unit (ms), from scripts/bench/cost-calibration.ts on
 * the reference machine (2 cores, Node 20; the mean of two runs). `perByte` is the extra per
 * unit per password byte for families that hash the password every round. Rerun the script on
 * the target machine to recalibrate; the README publishes the resulting bound table.
 */
export const COST_TABLE = {
  sha512_crypt: { unit: 'round', perUnit: 0.00285, perByte: 0.0000026 },
  sha256_crypt: { unit: 'round', perUnit: 0.00263, perByte: 0.0000012 },
  phpass: { unit: 'round', perUnit: 0.00252, perByte: 0.0000012 },
  bsdi_crypt: { unit: 'round', perUnit: 0.00035, perByte: 0 },
  pbkdf2_sha1: { unit: 'iteration', perUnit: 0.00034, perByte: 0 },
  pbkdf2_sha256: { unit: 'iteration', perUnit: 0.00028, perByte: 0 },
  pbkdf2_sha512: { unit: 'iteration', perUnit: 0.00067, perByte: 0 },
  scrypt: { unit: 'N·r·p', perUnit: 0.0004, perByte: 0 },
  bcrypt: { unit: '2^cost', perUnit: 0.068, perByte: 0 },
  argon2: { unit: 'KiB·pass', perUnit: 0.00047, perByte: 0 },
} as const

type Entry = (typeof COST_TABLE)[keyof typeof COST_TABLE]

/** The table entry and unit count for a parsed hash, or null for the cheap (one-digest) kinds. */
function units(hash: ParsedHash): { entry: Entry; units: number } | null {
  const cost = hash.cost ?? {}
  const { rounds, iterations, N, r, p, m, t } = cost
  if (rounds !== undefined) {
    const key = hash.scheme in COST_TABLE ? (hash.scheme as keyof typeof COST_TABLE) : null
    return key ? { entry: COST_TABLE[key], units: rounds } : null
  }
  if (iterations !== undefined) {
    const prf = /sha512/.test(hash.scheme)
      ? 'pbkdf2_sha512'
      : /sha256|v3/.test(hash.scheme)
        ? 'pbkdf2_sha256'
        : 'pbkdf2_sha1'
    return { entry: COST_TABLE[prf], units: iterations }
  }
  if (N !== undefined && r !== undefined && p !== undefined)
    return { entry: COST_TABLE.scrypt, units: N * r * p }
  if (m !== undefined && t !== undefined) return { entry: COST_TABLE.argon2, units: m * t }
  if (cost.cost !== undefined) return { entry: COST_TABLE.bcrypt, units: 2 ** cost.cost }
  return null
}

/**
 * Estimated time (ms) of one verify of `hash` with a password of `passwordBytes` bytes, from the
 * calibration table: what admission and the per-key budget reserve before the real time is
 * known. One-digest schemes (and md5-crypt's fixed 1,000 rounds) estimate at 1 ms.
 */
export function estimateVerifyMs(hash: ParsedHash, passwordBytes: number): number {
  const found = units(hash)
  if (!found) return 1
  const { entry } = found
  return Math.max(1, found.units * (entry.perUnit + entry.perByte * passwordBytes))
}

/** Whether a verify should run on the hashing pool rather than in place (more than ~1 ms). */
export function isSlowToVerify(hash: ParsedHash): boolean {
  return hash.speed === 'slow' || hash.cost !== undefined || hash.family === 'crypt'
}
