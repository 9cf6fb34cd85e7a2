import { constants, copyFileSync, linkSync } from 'node:fs'

/**
 * Shares an immutable corpus file with the next version: a hard link (same inode, no bytes
 * written); where the filesystem refuses links, a copy-on-write clone, else a plain copy.
 */
export function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to)
  } catch {
    copyFileSync(from, to, constants.COPYFILE_FICLONE)
  }
}
