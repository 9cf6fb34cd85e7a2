import type { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import type { Locale } from './policy-messages.js'
import { createZxcvbn } from './create-zxcvbn.js'
import { strengthDictionary } from './strength-dictionary.js'
import { translateFeedback } from './strength-feedback.js'
import { STRENGTH_LIMITS } from './strength-limits.js'
import type { StrengthLimits } from './strength-limits.js'

export interface StrengthEstimate {
  /** zxcvbn score 0 (too guessable) … 4 (very unguessable). */
  score: 0 | 1 | 2 | 3 | 4
  guessesLog10: number
  feedback: { warning: string | null; suggestions: string[] }
}

export interface StrengthEstimator {
  estimate(password: string, userInputs: string[], locale: Locale): StrengthEstimate
}

/** Defaults to the server's STRENGTH_LIMITS; tests may pass others. */
export type StrengthEstimatorOptions = Partial<StrengthLimits>

/**
 * Builds zxcvbn-ts once (≈0.3 s: it ranks ~400 k dictionary words) and reuses it for every
 * request. The build is lazy so an app that never checks a password never pays for it.
 */
export function createStrengthEstimator({
  maxLength = STRENGTH_LIMITS.maxLength,
  l33tMaxSubstitutions = STRENGTH_LIMITS.l33tMaxSubstitutions,
}: StrengthEstimatorOptions = {}): StrengthEstimator {
  let zxcvbn: ZxcvbnFactory | null = null
  const instance = () => {
    // Translations stay as keys (the default); each response is translated into its locale.
    zxcvbn ??= createZxcvbn(
      { dictionary: strengthDictionary(), graphs: common.adjacencyGraphs },
      { maxLength, l33tMaxSubstitutions },
    )
    return zxcvbn
  }
  return {
    estimate(password, userInputs, locale) {
      const result = instance().check(password, userInputs)
      return {
        score: result.score,
        guessesLog10: Math.round(result.guessesLog10 * 100) / 100,
        feedback: translateFeedback(result.feedback, locale),
      }
    },
  }
}
