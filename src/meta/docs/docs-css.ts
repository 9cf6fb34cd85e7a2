/**
 * /docs/assets/docs.css: Scalar's default light theme with the text and method colours darkened
 * to WCAG AA contrast (axe flags the muted greys and orange on white). Unlayered and
 * `!important`, so it wins over Scalar's `@layer scalar-theme` whatever the load order.
 */
export const DOCS_CSS = `.light-mode, .light-mode .scalar-app {
  --scalar-color-2: #555555 !important;
  --scalar-color-3: #5c5c5c !important;
  --scalar-color-accent: #005fa3 !important;
  --scalar-color-green: #0a6b2d !important;
  --scalar-color-blue: #0b57b0 !important;
  --scalar-color-orange: #9a3e00 !important;
  --scalar-color-red: #b42318 !important;
  --scalar-color-yellow: #805300 !important;
  --scalar-color-purple: #6b3fa0 !important;
}
`
