import type { CorpusVersion } from '../range-reader.js'
import type { CorpusManifest } from './corpus-format.js'

/**
 * The corpus id the range API's ETag carries: derived from the manifest's file checksums, so
 * every instance serving the same artefacts (Node files, R2 on Workers) gives the same tags,
 * and a rebuilt or updated corpus gets new ones. No node:crypto: the Worker computes it too.
 */
export function corpusVersionOf(manifest: CorpusManifest): CorpusVersion {
  const files = Object.entries(manifest.files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, file]) => `${name}:${file.bytes}:${file.sha256}`)
    .join('\n')
  const id = fnv1a(files, 0x811c9dc5) + fnv1a(files, 0x01000193 ^ 0x5bd1e995)
  return { id, modifiedAt: Date.parse(manifest.builtAt) || 0 }
}

/** 32-bit FNV-1a from `seed`, as 8 hex digits (two seeds make a 64-bit id). */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
