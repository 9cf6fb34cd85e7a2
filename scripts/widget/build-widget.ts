import { writeFileSync } from 'node:fs'
import { WIDGET_BUNDLE_FILE, widgetBundleSource } from './widget-bundle-source.js'

// Rebuilds the committed widget bundle after a change under src/widget/browser or src/policy.
writeFileSync(WIDGET_BUNDLE_FILE, await widgetBundleSource())
console.log(`wrote ${WIDGET_BUNDLE_FILE}`)
