import type { Locale } from '../../policy/policy-messages.js'
import { attachTo } from './attach.js'
import type { Attachment } from './attach.js'

/**
 * `<pwguard-password-meter for="password-input-id" lang="nl" min-length="15">`: the same
 * widget for sites that prefer markup; the feedback renders inside the element.
 */
export function definePasswordMeter(moduleUrl: string): void {
  if (typeof customElements === 'undefined' || customElements.get('pwguard-password-meter')) return
  customElements.define(
    'pwguard-password-meter',
    class extends HTMLElement {
      private attachment: Attachment | null = null

      connectedCallback() {
        const input = this.ownerDocument.getElementById(this.getAttribute('for') ?? '')
        if (!(input instanceof HTMLInputElement)) return
        const minLength = this.getAttribute('min-length')
        this.attachment = attachTo(
          input,
          {
            base: this.getAttribute('base') ?? undefined,
            lang: (this.getAttribute('lang') as Locale | null) ?? undefined,
            minLength: minLength === null ? undefined : Number(minLength),
            styles: !this.hasAttribute('unstyled'),
          },
          moduleUrl,
          this,
        )
      }

      disconnectedCallback() {
        this.attachment?.destroy()
        this.attachment = null
      }
    },
  )
}
