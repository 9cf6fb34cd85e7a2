import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import type { Locale } from './policy-messages.js'
import { strengthDictionary } from './strength-dictionary.js'
import { translateFeedback } from './strength-feedback.js'

export interface StrengthEstimate {
  /** zxcvbn score 0 (too guessable) … 4 (very unguessable). */
  score: 0 | 1 | 2 | 3 | 4
  guessesLog10: number
  feedback: { warning: string | null; suggestions: string[] }
}

export interface StrengthEstimator {
  estimate(password: string, userInputs: string[], locale: Locale): StrengthEstimate
}

export interface StrengthEstimatorOptions {
  /**
   * Code units zxcvbn looks at. Its matching is superlinear in length; measured here with the
   * en/fr/de/nl dictionaries, 256 costs 120–350 ms per call, 64 about 20–60 ms. 64 is NIST's
   * must-accept length, and anything longer is judged on its first 64.
   */
  maxLength?: number
  /**
   * zxcvbn-ts's default (100) makes a 20-digit password take ~250 ms; 4 still unmasks
   * "P@ssw0rd"-style substitutions at ~15 ms.
   */
  l33tMaxSubstitutions?: number
}

/**
 * Builds zxcvbn-ts once (≈0.3 s: it ranks ~400 k dictionary words) and reuses it for every
 * request. The build is lazy so an app that never checks a password never pays for it.
 */
export function createStrengthEstimator({
  maxLength = 64,
  l33tMaxSubstitutions = 4,
}: StrengthEstimatorOptions = {}): StrengthEstimator {
  let zxcvbn: ZxcvbnFactory | null = null
  const instance = () => {
    // Translations stay as keys (the default); each response is translated into its locale.
    zxcvbn ??= new ZxcvbnFactory({
      dictionary: strengthDictionary(),
      graphs: common.adjacencyGraphs,
      maxLength,
      l33tMaxSubstitutions,
    })
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
