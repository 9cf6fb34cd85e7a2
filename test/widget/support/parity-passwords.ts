import type { PasswordContext } from '../../../src/policy/context-words.js'
import type { Locale } from '../../../src/policy/policy-messages.js'
import { EXTRA_BREACHED, testCorpusPasswords } from './widget-servers.js'

export interface ParityCase {
  kind: 'weak' | 'breached' | 'strong' | 'non-ascii' | 'context'
  password: string
  context?: PasswordContext
  lang: Locale
}

const LANGS: Locale[] = ['en', 'nl', 'fr', 'de']
const CONTEXT: PasswordContext = {
  email: 'jan.desmet@wachtkamer.be',
  username: 'jdesmet',
  names: ['Jan', 'De Smet'],
}
const WORDS = [
  'olifant', 'fiets', 'gent', 'brugge', 'maison', 'soleil', 'fromage', 'kaffee', 'strasse',
  'garden', 'purple', 'monkey', 'violin', 'rivier', 'tulp', 'chocolat', 'wolke', 'zebra',
  'lantern', 'kompas', 'marmot', 'pinguin', 'orage', 'schloss',
] // prettier-ignore
const NON_ASCII = [
  'pässwörd', 'façade', 'Straße', 'пароль', '密码', 'パスワード', 'كلمة', 'ﬁancé', '🔒🐘',
  'ｐａｓｓｗｏｒｄ', 'e\u0301te\u0301', 'Ωmega', 'naïveté', 'smørrebrød', 'żółć',
] // prettier-ignore
const WEAK = [
  'azerty', 'qwertyuiop', 'bonjour', 'Welkom', 'Wachtwoord', 'motdepasse', 'Passwort',
  'Brussel', 'sunshine', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', '1111111111111111', 'letmein',
] // prettier-ignore

/** A small seeded PRNG (mulberry32): the same 500+ cases on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** 520 passwords across the five kinds the issue names, each with a locale (and context). */
export function parityCases(): ParityCase[] {
  const next = random(13)
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T
  const cases: ParityCase[] = []
  const add = (kind: ParityCase['kind'], password: string, context?: PasswordContext) =>
    cases.push({ kind, password, lang: LANGS[cases.length % 4] as Locale, context })

  for (let i = 0; i < 110; i++) {
    const base = pick(WEAK)
    const variants = [base, `${base}${1990 + (i % 35)}`, `${base}123!`, base.repeat(2), `${base}!`]
    add('weak', variants[i % variants.length] as string)
  }
  const breached = [...testCorpusPasswords().keys()]
  for (let i = 0; i < 100; i++) add('breached', breached[i * 29] as string)
  for (const password of Object.keys(EXTRA_BREACHED)) add('breached', password)
  for (const password of ['password', 'iloveyou', 'princess', 'qwerty123', 'football']) {
    add(
      'breached',
      password.replace(/./g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
    )
  }
  for (let i = 0; i < 120; i++) {
    const words = Array.from({ length: 3 + (i % 3) }, () => pick(WORDS))
    const separator = pick(['-', ' ', '.', '', '_'])
    add('strong', i % 4 === 3 ? randomString(next, 16 + (i % 12)) : words.join(separator))
  }
  for (let i = 0; i < 95; i++) {
    const parts = [pick(NON_ASCII), pick(WORDS), pick(NON_ASCII)]
    const password = i % 5 === 0 ? (parts[0] as string) : parts.join(i % 2 ? ' ' : '')
    add('non-ascii', password, i % 3 === 0 ? CONTEXT : undefined)
  }
  const contextWords = ['desmet', 'D3sm3t', 'wachtkamer', 'jdesmet', 'JanDeSmet', 'Jan', 'DE SMET']
  for (let i = 0; i < 90; i++) {
    const word = contextWords[i % contextWords.length] as string
    const filler = [pick(WORDS), pick(WORDS)].join(pick(['-', '', ' ']))
    add('context', i % 2 ? `${word}-${filler}` : `${filler}${word}${i}`, CONTEXT)
  }
  return cases
}

function randomString(next: () => number, length: number): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-=?@'
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)]
  return out
}
