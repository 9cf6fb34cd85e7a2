import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import type { OptionsDictionary, OptionsGraph } from '@zxcvbn-ts/core'
import { STRENGTH_LIMITS } from './strength-limits.js'
import type { StrengthLimits } from './strength-limits.js'

/** What zxcvbn ranks against: the merged word lists and the keyboard graphs. */
export interface StrengthData {
  dictionary: OptionsDictionary
  graphs: OptionsGraph
}

/**
 * The one zxcvbn-ts construction, used by the server estimator and by the widget's lazy
 * strength module (which gets the same `StrengthData` from `/widget/v1/dictionary.json`), so
 * both score a password the same. Translations stay as keys; callers translate.
 */
export function createZxcvbn(data: StrengthData, limits: StrengthLimits = STRENGTH_LIMITS) {
  return new ZxcvbnFactory({ dictionary: data.dictionary, graphs: data.graphs, ...limits })
}
