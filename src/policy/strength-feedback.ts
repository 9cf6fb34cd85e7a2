import type { FeedbackType, TranslationKeys } from '@zxcvbn-ts/core'
import * as de from '@zxcvbn-ts/language-de'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'
import * as nlBe from '@zxcvbn-ts/language-nl-be'
import type { Locale } from './policy-messages.js'

type Warnings = TranslationKeys['warnings']
type Suggestions = TranslationKeys['suggestions']
export type WarningKey = keyof Warnings
export type SuggestionKey = keyof Suggestions

/** zxcvbn-ts's own translations, one language pack per locale (nl is the Flemish nl-be pack). */
const TRANSLATIONS: Record<Locale, { warnings: Warnings; suggestions: Suggestions }> = {
  en: en.translations,
  nl: nlBe.translations,
  fr: fr.translations,
  de: de.translations,
}

/**
 * zxcvbn runs with its translation keys as messages ("simpleRepeat"), so one instance serves
 * every locale; this turns the keys into the requested language, falling back to English.
 */
export function translateFeedback(
  feedback: FeedbackType,
  locale: Locale,
): { warning: string | null; suggestions: string[] } {
  return {
    warning: feedback.warning === null ? null : warningText(feedback.warning as WarningKey, locale),
    suggestions: feedback.suggestions.map((key) => suggestionText(key as SuggestionKey, locale)),
  }
}

/** One zxcvbn warning in the locale (English when the pack lacks it; the key as last resort). */
export function warningText(key: WarningKey, locale: Locale): string {
  return TRANSLATIONS[locale].warnings[key] ?? TRANSLATIONS.en.warnings[key] ?? key
}

export function suggestionText(key: SuggestionKey, locale: Locale): string {
  return TRANSLATIONS[locale].suggestions[key] ?? TRANSLATIONS.en.suggestions[key] ?? key
}
