import type { OptionsDictionary } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as de from '@zxcvbn-ts/language-de'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'
import * as nlBe from '@zxcvbn-ts/language-nl-be'

/**
 * zxcvbn picks its warning from the dictionary name ("passwords", "wikipedia", "…names"), so
 * each merged list keeps a name that contains its kind.
 */
const KINDS: { name: string; matches: RegExp }[] = [
  { name: 'passwords', matches: /^passwords/ },
  { name: 'commonWords', matches: /^commonWords/ },
  { name: 'firstnames', matches: /firstnames/i },
  { name: 'lastnames', matches: /^lastnames/ },
  { name: 'wikipedia', matches: /^wikipedia/ },
]

/**
 * The common passwords plus the en, fr, de and nl-be word lists, merged into one list per kind.
 *
 * Why merged: zxcvbn-ts looks every substring up in every dictionary and runs that again for
 * each l33t and reversed variant, so the cost grows with the number of lists. The packages give
 * 47 (the 4.x en/fr packs add 14 word-sequence lists each, "months-fr", which core 4 also runs
 * its word-sequence matcher over); measured here, five merged lists check 2–4× faster with the
 * same scores on our test passwords. The tiny word-sequence lists are left out for that reason:
 * their words are still in the common-word lists.
 *
 * Ranks are interleaved across languages (rank 1 of each language, then rank 2 of each, …), so a
 * word keeps roughly its own language's frequency rank times the number of languages, which is
 * how an attacker guessing for a multilingual (Belgian) audience would order them. The 3.x
 * de and nl-be packs load as is: only the list names differ from 4.x.
 */
export function strengthDictionary(): OptionsDictionary {
  const lists: [string, readonly (string | number)[]][] = [
    ...Object.entries(common.dictionary),
    ...Object.entries(en.dictionary),
    ...Object.entries(fr.dictionary),
    ...Object.entries(de.dictionary),
    ...Object.entries(nlBe.dictionary),
  ]
  const dictionary: OptionsDictionary = {}
  for (const kind of KINDS) {
    dictionary[kind.name] = interleave(
      lists.filter(([name]) => kind.matches.test(name)).map(([, words]) => words),
    )
  }
  // diceware words get zxcvbn's fixed diceware score only under this exact name.
  dictionary.diceware = [...common.dictionary['diceware-common']]
  return dictionary
}

/** Round-robin merge keeping each word's first (best) position. */
function interleave(lists: (readonly (string | number)[])[]): string[] {
  const seen = new Set<string>()
  const merged: string[] = []
  const longest = Math.max(0, ...lists.map((list) => list.length))
  for (let rank = 0; rank < longest; rank++) {
    for (const list of lists) {
      const entry = list[rank]
      if (entry === undefined) continue
      const word = String(entry).toLowerCase()
      if (!seen.has(word)) {
        seen.add(word)
        merged.push(word)
      }
    }
  }
  return merged
}
