/*
 * Zero-specificity defaults (`:where`), so any site rule wins without `!important`. Colours come
 * from custom properties a site can set: --pwguard-bad, --pwguard-good, --pwguard-meter.
 */
const CSS = `:where(.pwguard){display:grid;gap:.25rem;margin:.25rem 0;font:inherit}
:where(.pwguard-toggle){justify-self:start;font:inherit;cursor:pointer}
:where(.pwguard-meter){width:100%;height:.5rem}
:where(.pwguard-status){margin:0}
:where(.pwguard-violations){margin:0;padding-left:1.25rem;color:var(--pwguard-bad,#a40000)}
:where(.pwguard[data-acceptable=true] .pwguard-status){color:var(--pwguard-good,#1d6b2b)}`

let sheet: CSSStyleSheet | null = null

/**
 * Adds the default styles once per document as a constructed sheet: no inline `<style>`, so a
 * strict `style-src` CSP on the site does not block it.
 */
export function adoptWidgetStyles(doc: Document): void {
  if (!('adoptedStyleSheets' in doc)) return
  sheet ??= new CSSStyleSheet()
  if (sheet.cssRules.length === 0) sheet.replaceSync(CSS)
  if (!doc.adoptedStyleSheets.includes(sheet))
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet]
}
