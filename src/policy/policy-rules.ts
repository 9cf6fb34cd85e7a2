import type { ContextWord } from './context-words.js'
import type { ViolationDetail } from './policy-messages.js'

/** The figures the rules read: the same on the server and in the signup widget. */
export interface PolicyFacts {
  /** Length in code points after NFKC. */
  codePoints: number
  /** Largest corpus count of the raw and the NFKC form (0 when not found). */
  breachCount: number
  /** The breach source could not answer and the policy fails closed. */
  breachUnavailable: boolean
  contextHit: ContextWord | null
  score: number
}

/** The thresholds of the effective policy that the rules compare against. */
export interface PolicyThresholds {
  minLength: number
  minScore: number
  breachThreshold: number
}

/**
 * Every failed rule, in a fixed order. The one copy of the rules: `POST /v1/passwords/check`
 * and the browser widget both call it, so the two verdicts cannot drift apart.
 */
export function policyViolations(facts: PolicyFacts, policy: PolicyThresholds): ViolationDetail[] {
  const details: ViolationDetail[] = []
  if (facts.codePoints < policy.minLength) {
    details.push({ code: 'too_short', minLength: policy.minLength, length: facts.codePoints })
  }
  if (isBreachRefused(facts.breachCount, policy)) {
    details.push({ code: 'breached', count: facts.breachCount })
  }
  // Fail closed: a breach source that is down must not let an unverified password through.
  if (facts.breachUnavailable) details.push({ code: 'upstream_unavailable' })
  if (facts.contextHit) details.push({ code: 'context_word', source: facts.contextHit.source })
  if (facts.score < policy.minScore) {
    details.push({ code: 'weak', score: facts.score, minScore: policy.minScore })
  }
  return details
}

/** A count at or above the threshold refuses; 0 (not found, or a padding row) never does. */
export function isBreachRefused(count: number, policy: Pick<PolicyThresholds, 'breachThreshold'>) {
  return count > 0 && count >= policy.breachThreshold
}
