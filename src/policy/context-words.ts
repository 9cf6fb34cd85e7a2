/** What the caller tells us about the account, so its own details cannot be the password. */
export interface PasswordContext {
  username?: string
  email?: string
  names?: string[]
}

export type ContextSource = 'username' | 'email' | 'name' | 'service'

export interface ContextWord {
  /** Folded form (lowercase, NFKC, no accents, leetspeak mapped) used for matching. */
  folded: string
  source: ContextSource
}

/** Shorter tokens match too many innocent passwords ("ann" in "annual"); zxcvbn still sees them. */
export const MIN_CONTEXT_TOKEN_LENGTH = 4

/** Domain labels that say nothing about the user or the site. */
const GENERIC_LABELS = new Set([
  'www',
  'mail',
  'email',
  'com',
  'co',
  'org',
  'net',
  'gov',
  'edu',
  'ac',
])

const LEET: Record<string, string> = {
  '4': 'a', '@': 'a', '8': 'b', '3': 'e', '6': 'g', '9': 'g', '1': 'i', '!': 'i', '|': 'i',
  l: 'i', '0': 'o', '5': 's', $: 's', '7': 't', '+': 't', '2': 'z',
} // prettier-ignore

/**
 * Lowercase, NFKC, strip combining accents, then map leetspeak look-alikes (and l/i, which
 * "1" stands for both) to one letter. Applied to both sides, so containment survives it.
 */
export function foldForMatching(text: string): string {
  const plain = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
  let out = ''
  for (const char of plain) out += LEET[char] ?? char
  return out
}

/** Splits on anything that is not a letter or digit: "jan.de-smet_1" → jan, de, smet, 1. */
function tokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}

/** Raw strings handed to zxcvbn as user inputs (it does its own lowercasing and l33t). */
export function userInputs(context: PasswordContext, serviceName: string | null): string[] {
  const words = collectContextWords(context, serviceName, 1)
  return [...new Set(words.map((word) => word.raw))]
}

/** Context words long enough to refuse a password that contains one. */
export function contextWords(context: PasswordContext, serviceName: string | null): ContextWord[] {
  const seen = new Set<string>()
  const out: ContextWord[] = []
  for (const { raw, source } of collectContextWords(
    context,
    serviceName,
    MIN_CONTEXT_TOKEN_LENGTH,
  )) {
    const folded = foldForMatching(raw)
    if (folded.length < MIN_CONTEXT_TOKEN_LENGTH || seen.has(folded)) continue
    seen.add(folded)
    out.push({ folded, source })
  }
  return out
}

/** The first context word the password contains, or null. */
export function findContextWord(password: string, words: ContextWord[]): ContextWord | null {
  if (words.length === 0) return null
  const folded = foldForMatching(password)
  return words.find((word) => folded.includes(word.folded)) ?? null
}

function collectContextWords(
  context: PasswordContext,
  serviceName: string | null,
  minLength: number,
): { raw: string; source: ContextSource }[] {
  const out: { raw: string; source: ContextSource }[] = []
  const add = (source: ContextSource, raw: string, whole = true) => {
    for (const part of whole ? [raw, ...tokens(raw)] : tokens(raw)) {
      if ([...part].length >= minLength) out.push({ raw: part, source })
    }
  }
  if (context.username) add('username', context.username)
  for (const name of context.names ?? []) add('name', name)
  if (serviceName) add('service', serviceName)
  if (context.email) {
    const at = context.email.lastIndexOf('@')
    const local = at >= 0 ? context.email.slice(0, at) : context.email
    add('email', local)
    const labels = at >= 0 ? context.email.slice(at + 1).split('.') : []
    // The last label is the TLD (com, be, fr): too generic to refuse.
    for (const label of labels.slice(0, -1)) {
      if (!GENERIC_LABELS.has(label.toLowerCase())) add('email', label)
    }
  }
  return out
}
