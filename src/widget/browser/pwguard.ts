import { attachTo } from './attach.js'
import type { Attachment } from './attach.js'
import { evaluatePassword } from './evaluate-password.js'
import type { Verdict } from './evaluate-password.js'
import { definePasswordMeter } from './password-meter-element.js'
import { createRangeClient } from './range-client.js'
import { loadStrength } from './strength-loader.js'
import { resolveSettings } from './widget-settings.js'
import type { WidgetOptions } from './widget-settings.js'

export type { Attachment, Verdict, WidgetOptions }

/**
 * The pwguard signup widget, served as `GET /widget/v1/pwguard.js`:
 * `import { attach } from 'https://pwguard.example/widget/v1/pwguard.js'`.
 */
export function attach(input: HTMLInputElement, options: WidgetOptions = {}): Attachment {
  return attachTo(input, options, import.meta.url)
}

/** The verdict for one password without any UI (what `attach` runs when typing settles). */
export async function check(password: string, options: WidgetOptions = {}): Promise<Verdict> {
  const settings = resolveSettings(options, import.meta.url)
  const strength = await loadStrength(settings.base)
  return evaluatePassword(password, settings, { rangeCount: rangeClient(settings.base), strength })
}

const rangeClients = new Map<string, ReturnType<typeof createRangeClient>>()
function rangeClient(base: string) {
  let client = rangeClients.get(base)
  if (!client) rangeClients.set(base, (client = createRangeClient(base)))
  return client
}

definePasswordMeter(import.meta.url)
