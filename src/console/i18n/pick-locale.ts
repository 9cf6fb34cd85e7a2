export const CONSOLE_LOCALES = ['en', 'nl', 'fr'] as const
export type ConsoleLocale = (typeof CONSOLE_LOCALES)[number]

const isLocale = (value: string): value is ConsoleLocale =>
  (CONSOLE_LOCALES as readonly string[]).includes(value)

/**
 * The chosen language (`lang` cookie, set by the switcher) or else the browser's best match
 * from Accept-Language by q-value (`nl-BE` counts as `nl`), English otherwise.
 */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | undefined) {
  if (cookie && isLocale(cookie)) return cookie
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean)
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, order }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
  return ranked.map((entry) => entry.base).find(isLocale) ?? 'en'
}
