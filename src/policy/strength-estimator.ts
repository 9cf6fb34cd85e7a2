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

/*
 * Worst cases measured here (merged dictionaries, 300-character random / word / digit inputs,
 * loaded 2-core machine): l33tMaxSubstitutions 100 (zxcvbn-ts's default) costs 0.65–1 s at
 * maxLength 64 and 2.6–5.2 s at 256; with 4 it is 18–55 ms at 64, 50–130 ms at 128 and
 * 280–500 ms at 256. zxcvbn is synchronous, so that time blocks the event loop: an
 * attacker-sized input must stay cheap.
 */
export interface StrengthEstimatorOptions {
  /**
   * Code units zxcvbn reads. 64 is NIST's must-accept length; a longer password is judged on
   * its first 64, which only errs towards refusing (a weak prefix), never towards accepting.
   */
  maxLength?: number
  /** 4 still unmasks "P@ssw0rd"-style substitutions; 100 makes 20 digits cost ~0.6 s. */
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
