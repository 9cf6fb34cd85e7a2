import type { BreachLookup, BreachLookupResult, UpstreamStatus } from '../breach/breach-lookup.js'
import { contextWords, findContextWord, userInputs } from './context-words.js'
import type { PasswordContext } from './context-words.js'
import { normalizePassword } from './normalize-password.js'
import { violationMessage } from './policy-messages.js'
import type { Locale, Violation } from './policy-messages.js'
import { isBreachRefused, policyViolations } from './policy-rules.js'
import type { EffectivePolicy } from './resolve-policy.js'
import type { StrengthEstimator } from './strength-estimator.js'
import { suggestionText, warningText } from './strength-feedback.js'

export interface PasswordCheckRequest {
  /** Already bounded to 1024 UTF-8 bytes by the caller's schema (`passwordField`). */
  password: string
  context?: PasswordContext
  locale?: Locale
}

export interface PasswordCheckResult {
  /** True iff there is no violation. */
  acceptable: boolean
  breach: {
    breached: boolean
    count: number
    /** Only when an upstream range API is configured: whether it answered. */
    upstream?: Exclude<UpstreamStatus, 'not_configured'>
  }
  strength: { score: 0 | 1 | 2 | 3 | 4; guessesLog10: number }
  violations: Violation[]
  feedback: { warning: string | null; suggestions: string[] }
}

/** The ports a check needs; built once per process (the estimator is expensive to build). */
export interface PasswordCheckTools {
  breach: BreachLookup
  strength: StrengthEstimator
}

/**
 * NIST SP 800-63B-4 check of a new password: length in code points after NFKC, breach corpus,
 * context words, zxcvbn strength. Every failed rule is reported (not just the first) so a
 * signup form can show them all; the result never contains the password.
 */
export async function checkPassword(
  request: PasswordCheckRequest,
  policy: EffectivePolicy,
  tools: PasswordCheckTools,
): Promise<PasswordCheckResult> {
  const locale = request.locale ?? 'en'
  const context = request.context ?? {}
  const { normalized, codePoints } = normalizePassword(request.password)
  const breach = await lookupBoth(tools.breach, request.password, normalized)
  const contextHit = findContextWord(normalized, contextWords(context, policy.serviceName))
  const strength = tools.strength.estimate(
    normalized,
    userInputs(context, policy.serviceName),
    locale,
  )

  const details = policyViolations(
    {
      codePoints,
      breachCount: breach.count,
      // The tenant's upstreamFail, when set, overrides the service's fail mode.
      breachUnavailable:
        breach.upstream === 'unavailable' &&
        (policy.upstreamFail ? policy.upstreamFail === 'closed' : Boolean(breach.failClosed)),
      contextHit,
      score: strength.score,
    },
    policy,
  )
  const breachRefused = isBreachRefused(breach.count, policy)

  let { warning, suggestions } = strength.feedback
  if (breachRefused) {
    warning = warningText('pwned', locale)
    suggestions = [suggestionText('pwned', locale), ...suggestions]
  } else if (contextHit && warning === null) {
    warning = warningText('userInputs', locale)
  }
  return {
    acceptable: details.length === 0,
    breach: {
      breached: breach.count > 0,
      count: breach.count,
      ...(breach.upstream === 'not_configured' ? {} : { upstream: breach.upstream }),
    },
    strength: { score: strength.score, guessesLog10: strength.guessesLog10 },
    violations: details.map((detail) => ({
      code: detail.code,
      message: violationMessage(detail, locale),
    })),
    feedback: { warning, suggestions },
  }
}

/**
 * Corpora hash the bytes users typed (HIBP does not normalize), while we store the NFKC form:
 * look up both when they differ and keep the larger count.
 */
async function lookupBoth(
  lookup: BreachLookup,
  raw: string,
  normalized: string,
): Promise<BreachLookupResult> {
  const first = await lookup.lookupPassword(raw)
  if (normalized === raw) return first
  const second = await lookup.lookupPassword(normalized)
  const count = Math.max(first.count, second.count)
  const upstream = first.upstream === 'ok' ? second.upstream : first.upstream
  const failClosed = Boolean(first.failClosed || second.failClosed)
  return { breached: count > 0, count, upstream, ...(failClosed ? { failClosed } : {}) }
}
