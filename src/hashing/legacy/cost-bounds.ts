/**
 * Cost bounds checked at parse time, so an import rejects a hostile or absurd hash with
 * `cost_out_of_bounds` instead of a login burning minutes of CPU or gigabytes of memory.
 * Upper bounds are at least Kratos's; lower bounds reject degenerate parameters.
 */
export const COST_BOUNDS = {
  pbkdf2Iterations: { min: 1, max: 10_000_000 },
  derivedKeyBytes: { min: 8, max: 128 },
  saltBytes: { max: 1024 },
  scryptN: { min: 2, max: 2 ** 17 },
  scryptR: { min: 1, max: 8 },
  scryptP: { min: 1, max: 10 },
  argon2MemoryKib: { max: 1_048_576 },
  argon2Iterations: { min: 1, max: 10 },
  argon2Parallelism: { min: 1, max: 16 },
  bcryptCost: { min: 4, max: 15 },
  shaCryptRounds: { min: 1000, max: 10_000_000 },
  phpassLog2: { min: 7, max: 18 },
  bsdiRounds: { min: 1, max: 1_000_000 },
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
