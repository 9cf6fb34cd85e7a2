import { createZxcvbn } from '../../policy/create-zxcvbn.js'
import type { StrengthData } from '../../policy/create-zxcvbn.js'
import type { StrengthScore } from './strength-loader.js'

/**
 * The lazy half of the widget (`/widget/v1/strength.js`): zxcvbn-ts core built with the same
 * dictionaries and limits as the server (`createZxcvbn`), fetched from pwguard.
 */
export async function createStrengthScore(dictionaryUrl: string): Promise<StrengthScore> {
  const response = await fetch(dictionaryUrl, {
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  })
  if (!response.ok) throw new Error(`dictionary ${response.status}`)
  const zxcvbn = createZxcvbn((await response.json()) as StrengthData)
  return (password, userInputs) => zxcvbn.check(password, userInputs).score
}
