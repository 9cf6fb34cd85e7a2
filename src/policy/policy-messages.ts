import type { ContextSource } from './context-words.js'

export const LOCALES = ['en', 'nl', 'fr', 'de'] as const
export type Locale = (typeof LOCALES)[number]

/** Stable violation codes: clients switch on these, never on the message. */
export const VIOLATION_CODES = [
  'too_short',
  'breached',
  'upstream_unavailable',
  'context_word',
  'weak',
] as const
export type ViolationCode = (typeof VIOLATION_CODES)[number]

/** What went wrong, with the figures its message needs (never the password itself). */
export type ViolationDetail =
  | { code: 'too_short'; minLength: number; length: number }
  | { code: 'breached'; count: number }
  | { code: 'upstream_unavailable' }
  | { code: 'context_word'; source: ContextSource }
  | { code: 'weak'; score: number; minScore: number }

export interface Violation {
  code: ViolationCode
  message: string
}

interface MessageTable {
  tooShort(minLength: number, length: number): string
  breached(count: string): string
  upstreamUnavailable: string
  contextWord: Record<ContextSource, string>
  weak: string
}

const MESSAGES: Record<Locale, MessageTable> = {
  en: {
    tooShort: (min, n) => `Use at least ${min} characters (this one has ${n}).`,
    breached: (count) =>
      `This password appears in known data breaches (${count}×); choose another.`,
    upstreamUnavailable:
      'The breach database could not be reached, so this password cannot be verified now; try again later.',
    contextWord: {
      username: 'It contains your username.',
      email: 'It contains part of your e-mail address.',
      name: 'It contains your name.',
      service: 'It contains the name of this site.',
    },
    weak: 'This password is too easy to guess.',
  },
  nl: {
    tooShort: (min, n) => `Gebruik minstens ${min} tekens (dit wachtwoord heeft er ${n}).`,
    breached: (count) =>
      `Dit wachtwoord komt voor in gelekte gegevens (${count}×); kies een ander.`,
    upstreamUnavailable:
      'De databank met gelekte wachtwoorden is niet bereikbaar, dus dit wachtwoord kan nu niet gecontroleerd worden; probeer later opnieuw.',
    contextWord: {
      username: 'Het bevat je gebruikersnaam.',
      email: 'Het bevat een deel van je e-mailadres.',
      name: 'Het bevat je naam.',
      service: 'Het bevat de naam van deze site.',
    },
    weak: 'Dit wachtwoord is te makkelijk te raden.',
  },
  fr: {
    tooShort: (min, n) => `Utilisez au moins ${min} caractères (celui-ci en compte ${n}).`,
    breached: (count) =>
      `Ce mot de passe figure dans des fuites de données (${count}×) ; choisissez-en un autre.`,
    upstreamUnavailable:
      "La base des fuites est injoignable : ce mot de passe ne peut pas être vérifié pour l'instant ; réessayez plus tard.",
    contextWord: {
      username: "Il contient votre nom d'utilisateur.",
      email: 'Il contient une partie de votre adresse e-mail.',
      name: 'Il contient votre nom.',
      service: 'Il contient le nom de ce site.',
    },
    weak: 'Ce mot de passe est trop facile à deviner.',
  },
  de: {
    tooShort: (min, n) => `Verwenden Sie mindestens ${min} Zeichen (dieses hat ${n}).`,
    breached: (count) =>
      `Dieses Passwort ist in Datenlecks aufgetaucht (${count}×); wählen Sie ein anderes.`,
    upstreamUnavailable:
      'Die Datenbank der Datenlecks ist nicht erreichbar, daher kann dieses Passwort gerade nicht geprüft werden; versuchen Sie es später erneut.',
    contextWord: {
      username: 'Es enthält Ihren Benutzernamen.',
      email: 'Es enthält einen Teil Ihrer E-Mail-Adresse.',
      name: 'Es enthält Ihren Namen.',
      service: 'Es enthält den Namen dieser Website.',
    },
    weak: 'Dieses Passwort ist zu leicht zu erraten.',
  },
}

/** The human message for a violation in the locale; every locale has every message. */
export function violationMessage(detail: ViolationDetail, locale: Locale): string {
  const table = MESSAGES[locale]
  switch (detail.code) {
    case 'too_short':
      return table.tooShort(detail.minLength, detail.length)
    case 'breached':
      return table.breached(new Intl.NumberFormat(locale).format(detail.count))
    case 'upstream_unavailable':
      return table.upstreamUnavailable
    case 'context_word':
      return table.contextWord[detail.source]
    case 'weak':
      return table.weak
  }
}

/** Picks a supported locale from an Accept-Language header; English when none matches. */
export function negotiateLocale(header: string | undefined): Locale {
  for (const part of (header ?? '').split(',')) {
    const primary = part.trim().split(/[-;_]/)[0]?.toLowerCase()
    const found = LOCALES.find((locale) => locale === primary)
    if (found) return found
  }
  return 'en'
}
