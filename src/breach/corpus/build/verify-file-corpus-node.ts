import { checkFiles, loadIndex, modesOf, readManifest } from '../read/corpus-checks-node.js'
import { corpusStartupError } from '../corpus-startup-error.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bodyIndexFile, type CorpusManifest } from '../corpus-format.js'
import { readOffsets } from '../stored-offsets.js'
import { openFileCorpus } from '../read/open-file-corpus-node.js'
import type { Logger } from '../../../ports/logger.js'

/**
 * The full check `pwguard corpus verify` runs: everything the start-up check does, plus the
 * sha256 of every file whatever its size. Throws a PWGUARD_STARTUP error on the first problem.
 */
export function verifyFileCorpus(dir: string, logger: Logger): CorpusManifest {
  const manifest = readManifest(dir)
  if (typeof manifest === 'string') throw corpusStartupError(dir, manifest)
  const problem = checkFiles(dir, manifest, Number.POSITIVE_INFINITY)
  if (problem) throw corpusStartupError(dir, problem)
  for (const mode of modesOf(manifest)) {
    // An updated mode's extents are checked when it is opened below.
    if (manifest.extents?.[mode]) continue
    const index = loadIndex(dir, mode, manifest)
    if (typeof index === 'string') throw corpusStartupError(dir, index)
  }
  // Also checks each body index is monotonic, which start-up leaves to this command.
  for (const mode of modesOf(manifest)) {
    if (!manifest.files[bodyIndexFile(mode)]) continue
    const problem = readOffsets(readFileSync(join(dir, bodyIndexFile(mode))))
    if (typeof problem === 'string')
      throw corpusStartupError(dir, `${bodyIndexFile(mode)} ${problem}`)
  }
  // Opening also checks the filter header against the manifest; checksums are already done.
  openFileCorpus({ dir, logger, checksumLimit: 0 }).reader.close()
  return manifest
}
