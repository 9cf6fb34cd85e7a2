/** A tenant's policy overrides; null inherits the service default. */
export interface PolicyOverrides {
  minPasswordLength: number | null
  minStrengthScore: number | null
  breachCountThreshold: number | null
}

/** NIST SP 800-63B-4 §3.1.1.2: never below 8; 64 is the longest minimum worth asking. */
const BOUNDS = {
  minPasswordLength: [8, 64],
  minStrengthScore: [0, 4],
  breachCountThreshold: [1, 1_000_000_000],
} as const

/**
 * Reads overrides from text fields (empty: inherit). Null when a value is not an integer in
 * its bounds, so a typo never silently weakens the policy.
 */
export function parsePolicyOverrides(
  fields: Record<keyof PolicyOverrides, string>,
): PolicyOverrides | null {
  const out: Partial<PolicyOverrides> = {}
  for (const key of Object.keys(BOUNDS) as (keyof PolicyOverrides)[]) {
    const text = fields[key].trim()
    if (text === '') {
      out[key] = null
      continue
    }
    const value = Number(text)
    const [min, max] = BOUNDS[key]
    if (!Number.isInteger(value) || value < min || value > max) return null
    out[key] = value
  }
  return out as PolicyOverrides
}
