import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../../../ports/logger.js'
import type { BreachFilter, HashMode, RangeReader } from '../../range-reader.js'
import { MANIFEST_FILE } from '../corpus-format.js'
import { openFileCorpus, type FileCorpus } from './open-file-corpus-node.js'

/** A file corpus that follows its folder: a newer build there is served without a restart. */
export interface WatchedFileCorpus {
  reader: RangeReader & { close(): void }
  filter: BreachFilter
  /** Checks the folder now (the timer does it every `intervalMs`); true when it switched. */
  checkNow(): boolean
  stop(): void
}

/**
 * Serves `initial` and switches to a newer corpus when `pwguard corpus build|update` replaces
 * the folder (the build writes beside it and renames it into place). Every `intervalMs` the
 * manifest's inode and mtime are compared; a changed one is opened with all start-up checks,
 * and only a corpus that passes them replaces the served one, in one assignment, so no request
 * sees half of each. A broken or half-renamed folder is logged and retried, while the open file
 * descriptors keep the old corpus readable (even once its files are deleted). Digests added
 * through the filter (live additions) are kept apart and asked too, so a switch cannot lose one.
 */
export function watchFileCorpus(
  initial: FileCorpus,
  { dir, logger, filter = true, intervalMs = 5_000 }: WatchOptions,
): WatchedFileCorpus {
  let current = initial
  let seen = manifestStamp(dir)
  const added = new Set<string>()
  const retire = (old: FileCorpus) => {
    // Reads are synchronous and a mapped body being sent keeps its mapping alive by itself, so
    // nothing is in flight between two event-loop turns; a short grace keeps any future async
    // reader safe too.
    setTimeout(() => old.reader.close(), 1_000).unref()
  }
  const checkNow = () => {
    const stamp = manifestStamp(dir)
    if (stamp === null || stamp === seen) return false
    try {
      const next = openFileCorpus({ dir, logger, filter })
      for (const sha1 of added) next.filter.add(sha1)
      const old = current
      current = next
      seen = stamp
      retire(old)
      logger.info('breach corpus switched to a newer build', {
        hashes: next.manifest.modes.sha1?.hashCount,
        builtAt: next.manifest.builtAt,
      })
      return true
    } catch (error) {
      logger.warn('newer corpus not usable yet; still serving the previous one', {
        error: (error as Error).message,
      })
      return false
    }
  }
  const timer = setInterval(checkNow, intervalMs)
  timer.unref()
  const reader = {
    get modes() {
      return current.reader.modes
    },
    maxRangeRows: (mode: HashMode) => current.reader.maxRangeRows(mode),
    read: (mode: HashMode, prefix: string) => current.reader.read(mode, prefix),
    readBody: (mode: HashMode, prefix: string) => current.reader.readBody(mode, prefix),
    get mapsBodies() {
      return current.reader.mapsBodies
    },
    version: () => current.reader.version(),
    close: () => {
      clearInterval(timer)
      current.reader.close()
    },
  }
  return {
    reader,
    filter: {
      mightContain: (sha1Hex) => current.filter.mightContain(sha1Hex),
      add: (sha1Hex) => {
        added.add(sha1Hex.toUpperCase())
        current.filter.add(sha1Hex)
      },
    },
    checkNow,
    stop: () => clearInterval(timer),
  }
}

export interface WatchOptions {
  dir: string
  logger: Logger
  /** Whether the filter is loaded (PWGUARD_CORPUS_FILTER). */
  filter?: boolean
  /** How often the folder is checked: a new build is served within this (default 5 s). */
  intervalMs?: number
}

function manifestStamp(dir: string): string | null {
  try {
    const stat = statSync(join(dir, MANIFEST_FILE))
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`
  } catch {
    return null
  }
}
