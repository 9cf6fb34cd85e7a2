import type { PasswordContext } from '../../policy/context-words.js'
import { LOCALES, negotiateLocale } from '../../policy/policy-messages.js'
import type { Locale } from '../../policy/policy-messages.js'
import type { PolicyThresholds } from '../../policy/policy-rules.js'

/** What a site passes to `attach()` / `check()`. */
export interface WidgetOptions {
  /** The pwguard origin (and path prefix); defaults to where this module was loaded from. */
  base?: string
  /** Language of messages; defaults to the page's `<html lang>`, then the browser's. */
  lang?: Locale
  context?: PasswordContext
  /** Minimum length in code points; NIST allows 8 (with MFA) to 64; default the server's. */
  minLength?: number
  /** `false`: no feedback elements, only the `pwguard:verdict` event. */
  feedback?: boolean
  /** `false`: no built-in styles (style the `pwguard-*` classes yourself). */
  styles?: boolean
}

export interface WidgetSettings {
  base: string
  lang: Locale
  context: PasswordContext
  policy: PolicyThresholds
}

// Replaced by the server with its policy defaults when it serves the module (widget-assets.ts).
const SERVED_POLICY = '__PWGUARD_POLICY__'
const FALLBACK_POLICY: PolicyThresholds = { minLength: 15, minScore: 3, breachThreshold: 1 }

/** The server's default policy, as injected into the served module. */
export function servedPolicy(): PolicyThresholds {
  return SERVED_POLICY.startsWith('{')
    ? (JSON.parse(SERVED_POLICY) as PolicyThresholds)
    : FALLBACK_POLICY
}

/** Fills in the defaults: this module's origin, the page language, the server's policy. */
export function resolveSettings(options: WidgetOptions, moduleUrl: string): WidgetSettings {
  const base = (options.base ?? new URL('../..', moduleUrl).href).replace(/\/+$/, '')
  const policy = servedPolicy()
  const minLength = options.minLength
  return {
    base,
    lang: options.lang && LOCALES.includes(options.lang) ? options.lang : pageLocale(),
    context: options.context ?? {},
    policy:
      minLength === undefined
        ? policy
        : { ...policy, minLength: Math.min(64, Math.max(8, Math.floor(minLength))) },
  }
}

function pageLocale(): Locale {
  const page = typeof document === 'undefined' ? '' : document.documentElement.lang
  const browser = typeof navigator === 'undefined' ? '' : navigator.languages.join(',')
  return negotiateLocale([page, browser].filter(Boolean).join(','))
}
