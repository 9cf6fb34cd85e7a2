import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { cachedAssets, type ApiReferenceAssets } from './api-reference-assets.js'

/**
 * Scalar's standalone bundle read from the installed package, on first request. Found through
 * an exported file (`style.css` sits in `dist/`): neither the bundle nor package.json is in
 * the package's `exports`.
 */
export function nodeApiReferenceAssets(): ApiReferenceAssets {
  const dist = dirname(createRequire(import.meta.url).resolve('@scalar/api-reference/style.css'))
  const manifest = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as {
    version: string
  }
  const file = join(dist, 'browser', 'standalone.js')
  return cachedAssets(manifest.version, () => readFile(file, 'utf8'))
}
