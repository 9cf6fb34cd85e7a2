/**
 * Cost bounds checked at parse time, so an import rejects a hostile or absurd hash with
 * `cost_out_of_bounds` instead of a login burning seconds of CPU or gigabytes of memory.
 * Upper bounds come from measured verify time (src/hashing/cost-table.ts, made by
 * scripts/bench/cost-calibration.ts): the largest cost one verify does in about 2 s of one core,
 * raised only where a real system's default costs more (marked). Lower bounds reject
 * degenerate parameters.
 */
export const COST_BOUNDS = {
  // Django 5.2 emits 1,000,000 (sha256, ~0.45 s); sha512 at 2 M is ~1.8 s.
  pbkdf2Iterations: { min: 1, max: 2_000_000 },
  derivedKeyBytes: { min: 8, max: 128 },
  saltBytes: { max: 1024 },
  scryptN: { min: 2, max: 2 ** 17 },
  scryptR: { min: 1, max: 8 },
  scryptP: { min: 1, max: 16 },
  /** N·r·p, 128-byte mixing blocks: 2^22 is about 2 s. */
  scryptWork: { max: 2 ** 22 },
  /** 256 MiB: above every default (passlib/PHP 64 MiB, Django 100 MiB), a quarter of 1 GiB. */
  argon2MemoryKib: { max: 262_144 },
  argon2Iterations: { min: 1, max: 10 },
  argon2Parallelism: { min: 1, max: 16 },
  /** m·t in KiB·passes: 1.6 M is about 1.8 s (e.g. 256 MiB × 6, 64 MiB × 10 ≈ 0.8 s). */
  argon2Work: { max: 1_600_000 },
  // Cost 14 is ~1.5 s, 15 would be ~3 s; defaults are 10–12.
  bcryptCost: { min: 4, max: 14 },
  // Raised to passlib's sha512_crypt default (656,000: ~3.3 s here); sha256_crypt's is 535,000.
  shaCryptRounds: { min: 1000, max: 656_000 },
  // 2^19 (passlib's and phpBB's `$P$H`/`$H$H` default) is ~1.2 s; 2^20 would be ~2.4 s.
  phpassLog2: { min: 7, max: 19 },
  bsdiRounds: { min: 1, max: 7_000_000 },
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
