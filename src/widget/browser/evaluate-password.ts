import { contextWords, findContextWord, userInputs } from '../../policy/context-words.js'
import { normalizePassword } from '../../policy/normalize-password.js'
import { violationMessage } from '../../policy/policy-messages.js'
import type { Violation } from '../../policy/policy-messages.js'
import { policyViolations } from '../../policy/policy-rules.js'
import type { RangeCount } from './range-client.js'
import { sha1Hex } from './sha1-hex.js'
import type { StrengthScore } from './strength-loader.js'
import type { WidgetSettings } from './widget-settings.js'

/** The `detail` of a `pwguard:verdict` event: the shape of POST /v1/passwords/check, flattened. */
export interface Verdict {
  acceptable: boolean
  breached: boolean
  count: number
  score: number
  violations: Violation[]
}

/**
 * The server check (`checkPassword`), run in the page: the same normalization, context words,
 * zxcvbn and rules, with the breach count from the k-anonymity range instead of the corpus.
 */
export async function evaluatePassword(
  password: string,
  settings: WidgetSettings,
  tools: { rangeCount: RangeCount; strength: StrengthScore },
): Promise<Verdict> {
  const { normalized, codePoints } = normalizePassword(password)
  const breach = await breachCount(password, normalized, tools.rangeCount)
  // The widget knows no tenant, hence no service name (as the server check without one).
  const contextHit = findContextWord(normalized, contextWords(settings.context, null))
  const score = tools.strength(normalized, userInputs(settings.context, null))
  const details = policyViolations(
    {
      codePoints,
      breachCount: breach.count,
      breachUnavailable: breach.unavailable,
      contextHit,
      score,
    },
    settings.policy,
  )
  return {
    acceptable: details.length === 0,
    breached: breach.count > 0,
    count: breach.count,
    score,
    violations: details.map((detail) => ({
      code: detail.code,
      message: violationMessage(detail, settings.lang),
    })),
  }
}

/** Raw and NFKC forms, as the server looks up both (corpora hash what users typed). */
async function breachCount(raw: string, normalized: string, rangeCount: RangeCount) {
  try {
    const forms = normalized === raw ? [raw] : [raw, normalized]
    const counts = await Promise.all(forms.map(async (form) => rangeCount(await sha1Hex(form))))
    return { count: Math.max(...counts), unavailable: false }
  } catch {
    // Fail closed like the server: an unreachable range is a violation, not a pass.
    return { count: 0, unavailable: true }
  }
}
