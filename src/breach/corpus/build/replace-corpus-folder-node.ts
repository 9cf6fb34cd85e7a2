import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { MANIFEST_FILE } from '../corpus-format.js'

/**
 * Moves the finished build into `out`. An existing corpus (or empty folder) there is moved
 * aside first and deleted after; anything else is refused rather than overwritten.
 */
export function replaceCorpusFolder(work: string, out: string): void {
  if (!existsSync(out)) return renameSync(work, out)
  const entries = readdirSync(out)
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    const error = new Error(`${out} exists and is not a pwguard corpus: refusing to replace it`)
    throw Object.assign(error, { code: 'PWGUARD_CORPUS_OUT' })
  }
  const old = `${work}.old`
  renameSync(out, old)
  renameSync(work, out)
  rmSync(old, { recursive: true, force: true })
}
