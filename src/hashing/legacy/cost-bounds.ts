/**
 * Cost bounds checked at parse time, so an import rejects a hostile or absurd hash with
 * `cost_out_of_bounds` instead of a login burning seconds of CPU or gigabytes of memory.
 * Upper bounds come from measured verify CPU time (src/hashing/cost-table.ts, measured by
 * scripts/bench/cost-calibration.ts): the largest round-numbered cost one verify does in at most
 * about 2 s of CPU with a 64-byte password, and every default real systems emit fits under them.
 * Lower bounds reject degenerate parameters.
 */
export const COST_BOUNDS = {
  // sha512 (the slowest PRF) is ~1.7 s at 2.5 M; Django 5.2's 1,000,000 (sha256) is ~0.3 s.
  pbkdf2Iterations: { min: 1, max: 2_500_000 },
  derivedKeyBytes: { min: 8, max: 128 },
  saltBytes: { max: 1024 },
  scryptN: { min: 2, max: 2 ** 17 },
  scryptR: { min: 1, max: 8 },
  scryptP: { min: 1, max: 16 },
  /** N·r·p, 128-byte mixing blocks: 2^22 is ~1.7 s (passlib's default ln=16, r=8 is 2^19). */
  scryptWork: { max: 2 ** 22 },
  /**
   * 256 MiB: above every default (passlib 100 MiB, PHP 64 MiB), a quarter of 1 GiB. With t ≤ 10
   * the worst verify is 2.6 M KiB·passes, ~1.2 s.
   */
  argon2MemoryKib: { max: 262_144 },
  argon2Iterations: { min: 1, max: 10 },
  argon2Parallelism: { min: 1, max: 16 },
  // Cost 14 is ~1.1 s, 15 would be ~2.2 s; defaults are 10–12.
  bcryptCost: { min: 4, max: 14 },
  // ~2.0 s for sha512 with a 64-byte password: exactly passlib's sha512_crypt default
  // (sha256_crypt's is 535,000, ~1.4 s).
  shaCryptRounds: { min: 1000, max: 656_000 },
  // 2^19 (passlib's and phpBB's `$P$H`/`$H$H` default) is ~1.4 s; 2^20 would be ~2.7 s.
  phpassLog2: { min: 7, max: 19 },
  // Pure-JS DES: 5 M rounds is ~1.8 s.
  bsdiRounds: { min: 1, max: 5_000_000 },
} as const

/** Whether `value` is an integer within `[min, max]`. */
export function within(value: number, bounds: { min?: number; max: number }): boolean {
  return Number.isSafeInteger(value) && value >= (bounds.min ?? 0) && value <= bounds.max
}

/** Parses a plain decimal (no sign, no leading zeros, at most 10 digits) or returns null. */
export function parseDecimal(text: string | undefined): number | null {
  if (text === undefined || !/^(?:0|[1-9][0-9]{0,9})$/.test(text)) return null
  return Number(text)
}
