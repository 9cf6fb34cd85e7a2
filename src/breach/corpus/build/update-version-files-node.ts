import { linkOrCopy } from './link-or-copy-node.js'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import { extentFile, prefixDigestFile, type ManifestExtents } from '../corpus-extents.js'
import type { CorpusManifest, ManifestFile } from '../corpus-format.js'
import { segmentsOf } from '../read/extent-index-node.js'
import { writeExtentTable } from './extent-table-writer-node.js'
import { writePrefixDigests } from './prefix-digests-node.js'
import type { PrefixUpdateResult } from './prefix-update-writer-node.js'

/** Links the old segments, adds the new one, writes `M.ext` and `M.pdg`; lists them all. */
export function writeMode(
  dir: string,
  work: string,
  mode: HashMode,
  old: CorpusManifest,
  result: PrefixUpdateResult,
  files: Record<string, ManifestFile>,
) {
  const segments = [...segmentsOf(mode, old)]
  for (const segment of segments) {
    for (const name of [segment.data, segment.body]) {
      if (!name) continue
      // A hard link: the same inode, not a copy; neither version ever writes to it again.
      linkOrCopy(join(dir, name), join(work, name))
      files[name] = old.files[name] as ManifestFile
    }
  }
  let rangeBytes = 0
  if (result.segment) {
    segments.push(result.segment.files)
    Object.assign(files, result.segment.manifest)
    for (const file of Object.values(result.segment.manifest)) rangeBytes += file.bytes
  }
  const index = extentFile(mode)
  const digests = prefixDigestFile(mode)
  files[index] = writeExtentTable(join(work, index), mode, result.table)
  files[digests] = writePrefixDigests(join(work, digests), mode, result.digests)
  const tableBytes = files[index].bytes + files[digests].bytes
  const width = old.modes[mode]?.recordBytes ?? 0
  const extents: ManifestExtents = {
    index,
    digests,
    segments,
    liveRecordBytes: result.hashCount * width,
  }
  return { extents, rangeBytes, tableBytes }
}

/** Why the next update should be a full build instead (segments pile up, dead bytes grow). */
export function compactionReason(manifest: CorpusManifest, modes: HashMode[], maxSegments: number) {
  for (const mode of modes) {
    const segments = segmentsOf(mode, manifest)
    if (segments.length >= maxSegments) return `${mode} has ${segments.length} segments`
    const extents = manifest.extents?.[mode]
    if (!extents) continue
    const stored = segments.reduce((sum, s) => sum + (manifest.files[s.data]?.bytes ?? 0), 0)
    if (stored > 2 * extents.liveRecordBytes + 1024 * 1024) {
      return `${mode} segments hold over half dead records`
    }
  }
  return null
}
