import type { Locale } from '../../policy/policy-messages.js'
import type { Verdict } from './evaluate-password.js'
import { UI_MESSAGES } from './ui-messages.js'

export interface FeedbackUi {
  checking(): void
  show(verdict: Verdict | null): void
  remove(): void
}

let counter = 0

/**
 * The visible feedback next to the input: a show-password toggle, a strength `<meter>`, a
 * polite live region with the verdict and the list of violations. Classes `pwguard-*` for
 * restyling; the input gets `aria-describedby` so screen readers read the verdict with it.
 */
export function createFeedbackUi(
  input: HTMLInputElement,
  lang: Locale,
  host?: Element,
): FeedbackUi {
  const text = UI_MESSAGES[lang]
  const doc = input.ownerDocument
  const id = `pwguard-${++counter}`
  const root = element(doc, 'div', 'pwguard')
  const toggle = element(doc, 'button', 'pwguard-toggle') as HTMLButtonElement
  toggle.type = 'button'
  toggle.textContent = text.show
  toggle.setAttribute('aria-pressed', 'false')
  if (input.id) toggle.setAttribute('aria-controls', input.id)
  const onToggle = () => {
    const showing = input.type === 'password'
    input.type = showing ? 'text' : 'password'
    toggle.textContent = showing ? text.hide : text.show
    toggle.setAttribute('aria-pressed', String(showing))
  }
  toggle.addEventListener('click', onToggle)
  const meter = element(doc, 'meter', 'pwguard-meter') as HTMLMeterElement
  Object.assign(meter, { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0 })
  meter.setAttribute('aria-label', text.strength)
  // One polite live region holds the whole verdict, so it is announced once when typing settles.
  const status = element(doc, 'div', 'pwguard-status')
  status.id = `${id}-status`
  status.setAttribute('role', 'status')
  status.setAttribute('aria-live', 'polite')
  root.append(toggle, meter, status)
  if (host) host.append(root)
  else input.insertAdjacentElement('afterend', root)
  const describedBy = input.getAttribute('aria-describedby')
  input.setAttribute('aria-describedby', [describedBy, status.id].filter(Boolean).join(' '))

  return {
    checking() {
      // Busy, not a "checking…" text: screen readers would announce it on every keystroke.
      status.setAttribute('aria-busy', 'true')
      root.dataset.checking = 'true'
    },
    show(verdict) {
      status.removeAttribute('aria-busy')
      delete root.dataset.checking
      meter.value = verdict?.score ?? 0
      root.dataset.acceptable = String(verdict?.acceptable ?? '')
      if (verdict === null) status.replaceChildren()
      else if (verdict.acceptable) status.textContent = text.accepted
      else status.replaceChildren(violationList(doc, verdict))
    },
    remove() {
      toggle.removeEventListener('click', onToggle)
      // Never leave a password on screen after the widget is gone.
      if (toggle.getAttribute('aria-pressed') === 'true') input.type = 'password'
      root.remove()
      if (describedBy === null) input.removeAttribute('aria-describedby')
      else input.setAttribute('aria-describedby', describedBy)
    },
  }
}

function violationList(doc: Document, verdict: Verdict): HTMLElement {
  const list = element(doc, 'ul', 'pwguard-violations')
  for (const violation of verdict.violations) {
    const item = element(doc, 'li', `pwguard-violation pwguard-${violation.code}`)
    item.textContent = violation.message
    list.append(item)
  }
  return list
}

function element(doc: Document, tag: string, className: string): HTMLElement {
  const node = doc.createElement(tag)
  node.className = className
  return node
}
