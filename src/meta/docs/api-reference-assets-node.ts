import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { cachedAssets, type ApiReferenceAssets } from './api-reference-assets.js'

/**
 * The installed Scalar standalone bundle and its version. Found through an exported file
 * (`style.css` sits in `dist/`): neither the bundle nor package.json is in the package's
 * `exports`. The Worker deploy uploads this same file to R2.
 */
export function apiReferenceBundle(): { file: string; version: string } {
  const dist = dirname(createRequire(import.meta.url).resolve('@scalar/api-reference/style.css'))
  const manifest = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as {
    version: string
  }
  return { file: join(dist, 'browser', 'standalone.js'), version: manifest.version }
}

/** Scalar's standalone bundle read from the installed package, on first request. */
export function nodeApiReferenceAssets(): ApiReferenceAssets {
  const { file, version } = apiReferenceBundle()
  return cachedAssets(version, () => readFile(file, 'utf8'))
}
