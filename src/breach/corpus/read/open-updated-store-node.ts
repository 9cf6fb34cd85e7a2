import type { HashMode } from '../../range-reader.js'
import { extentAt } from '../corpus-extents.js'
import { PREFIX_COUNT, recordBytes, type CorpusManifest } from '../corpus-format.js'
import { corpusStartupError } from '../corpus-startup-error.js'
import { closeExtents, openExtents } from './extent-index-node.js'
import type { OpenRangeStore } from './file-range-reader-node.js'

/**
 * Opens a mode written by `pwguard corpus update` (corpus-extents.ts): its extents are checked
 * against the segments' sizes, and their rows must add up to the manifest's hash count.
 */
export function openUpdatedStore(
  dir: string,
  mode: HashMode,
  manifest: CorpusManifest,
): OpenRangeStore {
  const listed = manifest.extents?.[mode]
  if (!listed) throw new Error(`${mode} has no extents`)
  const extents = openExtents(dir, mode, listed)
  if (typeof extents === 'string') throw corpusStartupError(dir, extents)
  let rows = 0
  for (let p = 0; p < PREFIX_COUNT; p++) rows += extentAt(extents.table, p).rows
  if (rows !== manifest.modes[mode]?.hashCount) {
    closeExtents(extents)
    const problem = `${listed.index} indexes ${rows} hashes, the manifest says ${manifest.modes[mode]?.hashCount}`
    throw corpusStartupError(dir, problem)
  }
  return {
    fd: extents.data[0] as number,
    recordBytes: recordBytes(mode),
    maxRangeRows: manifest.modes[mode]?.maxRangeRows ?? 0,
    extents,
  }
}
