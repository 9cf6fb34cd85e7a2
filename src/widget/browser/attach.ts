import { evaluatePassword } from './evaluate-password.js'
import type { Verdict } from './evaluate-password.js'
import { createFeedbackUi } from './feedback-ui.js'
import type { FeedbackUi } from './feedback-ui.js'
import { createRangeClient } from './range-client.js'
import { loadStrength } from './strength-loader.js'
import { resolveSettings } from './widget-settings.js'
import type { WidgetOptions } from './widget-settings.js'
import { adoptWidgetStyles } from './widget-styles.js'

/** Quiet time after a keystroke before checking; short enough to keep the verdict < 150 ms. */
const SETTLE_MS = 40

export interface Attachment {
  destroy(): void
}

/**
 * Watches a password input: when typing settles, checks the password in the page (only a
 * 5-hex SHA-1 prefix is sent, to `/range/`), dispatches `pwguard:verdict` on the input and
 * updates the feedback next to it. `host`: render the feedback inside this element instead.
 */
export function attachTo(
  input: HTMLInputElement,
  options: WidgetOptions,
  moduleUrl: string,
  host?: Element,
): Attachment {
  const settings = resolveSettings(options, moduleUrl)
  const rangeCount = createRangeClient(settings.base)
  if (options.feedback !== false && options.styles !== false) adoptWidgetStyles(input.ownerDocument)
  const ui: FeedbackUi | null =
    options.feedback === false ? null : createFeedbackUi(input, settings.lang, host)
  let timer: ReturnType<typeof setTimeout> | undefined
  let latest = 0

  const run = async (ticket: number, password: string) => {
    const strength = await loadStrength(settings.base)
    const verdict = await evaluatePassword(password, settings, { rangeCount, strength })
    // A newer keystroke has started its own check: drop this stale verdict.
    if (ticket !== latest) return
    ui?.show(verdict)
    input.dispatchEvent(
      new CustomEvent<Verdict>('pwguard:verdict', { detail: verdict, bubbles: true }),
    )
  }
  const onInput = () => {
    clearTimeout(timer)
    const ticket = ++latest
    const password = input.value
    if (password === '') {
      ui?.show(null)
      return
    }
    ui?.checking()
    timer = setTimeout(() => void run(ticket, password).catch(() => undefined), SETTLE_MS)
  }
  // Start the lazy strength download when the user reaches the field, not on every page load.
  const onFocus = () => void loadStrength(settings.base).catch(() => undefined)
  input.addEventListener('input', onInput)
  input.addEventListener('focus', onFocus, { once: true })
  if (input.value !== '') onInput()
  return {
    destroy() {
      clearTimeout(timer)
      latest++
      input.removeEventListener('input', onInput)
      input.removeEventListener('focus', onFocus)
      ui?.remove()
    },
  }
}
