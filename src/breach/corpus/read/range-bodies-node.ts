import { openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import {
  BODY_INDEX_MAGIC,
  HEADER_BYTES,
  PREFIX_COUNT,
  bodyFile,
  bodyIndexFile,
  indexFileBytes,
  type CorpusManifest,
} from '../corpus-format.js'
import { StoredOffsets } from '../stored-offsets.js'

/** Preformatted bodies of one mode, open for positional reads. */
export interface OpenRangeBodies {
  fd: number
  /** 2^20 + 1 byte offsets (after the header); prefix p's body is offsets.span(p). */
  offsets: StoredOffsets
}

/**
 * Opens a mode's preformatted bodies when the manifest lists them; null when it does not (built
 * with `--no-range-bodies`); a problem string when they are broken.
 */
export function openRangeBodies(
  dir: string,
  mode: HashMode,
  manifest: CorpusManifest,
): OpenRangeBodies | null | string {
  const name = bodyIndexFile(mode)
  if (!manifest.files[name] || !manifest.files[bodyFile(mode)]) return null
  const raw = readFileSync(join(dir, name))
  if (raw.toString('latin1', 0, 8) !== BODY_INDEX_MAGIC) return `${name} has a bad header`
  if (raw.length !== indexFileBytes())
    return `${name} is ${raw.length} bytes, expected ${indexFileBytes()}`
  // O(1): monotonicity is `pwguard corpus verify`'s check (readOffsets), not every start's.
  const offsets = new StoredOffsets(raw)
  if (offsets.at(0) !== 0) return `${name} does not start at 0`
  const total = HEADER_BYTES + offsets.at(PREFIX_COUNT)
  if (total !== manifest.files[bodyFile(mode)]?.bytes) {
    return `${name} does not match ${bodyFile(mode)} (${total} bytes indexed)`
  }
  return { fd: openSync(join(dir, bodyFile(mode)), 'r'), offsets }
}
