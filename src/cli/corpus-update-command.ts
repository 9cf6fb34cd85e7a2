import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  closeSnapshot,
  diffRecords,
  snapshotRecords,
  type CorpusChange,
} from '../breach/corpus/corpus-diff-node.js'
import { MANIFEST_FILE } from '../breach/corpus/corpus-format.js'
import type { HashMode } from '../breach/range-reader.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { corpusBuildCommand } from './corpus-build-command.js'

const MODES: HashMode[] = ['sha1', 'ntlm']

/**
 * `pwguard corpus update`: builds the corpus again from a newer HIBP download (file or folder)
 * or list, beside the served one, switches the folder over with a rename, and reports which
 * prefixes changed. A running server notices the new manifest and serves it within 5 s.
 */
export const corpusUpdateCommand: CliCommand = {
  name: ['corpus', 'update'],
  summary: 'merge a newer HIBP download or list into the corpus and report the changed prefixes',
  usage: 'pwguard corpus update [--dir DIR] <the source flags of corpus build>',
  async run(args, context) {
    const at = args.indexOf('--dir')
    const dir = at >= 0 ? args[at + 1] : context.config.corpusDir
    if (!dir) throw new CliUsageError('--dir needs a folder')
    if (!existsSync(join(dir, MANIFEST_FILE))) {
      throw new CliUsageError(`${dir} holds no corpus: run 'pwguard corpus build' first`)
    }
    const buildArgs = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args
    // Held open: the old files stay readable after the build replaces (deletes) them.
    const before = new Map(MODES.map((mode) => [mode, snapshotRecords(dir, mode)]))
    try {
      const code = await corpusBuildCommand.run(['--out', dir, ...buildArgs], context)
      if (code !== 0) return code
      const changes: CorpusChange[] = []
      for (const mode of MODES) {
        const after = snapshotRecords(dir, mode)
        if (!after) continue
        changes.push(diffRecords(mode, before.get(mode) ?? null, after))
        closeSnapshot(after)
      }
      for (const change of changes) {
        context.io.stdout(
          `${change.mode}: ${change.changedPrefixes} of 1048576 prefixes changed; ` +
            `${change.hashesBefore} -> ${change.hashesAfter} hashes ` +
            `(${change.hashesAfter - change.hashesBefore >= 0 ? '+' : ''}${change.hashesAfter - change.hashesBefore})\n`,
        )
      }
      return 0
    } finally {
      for (const snapshot of before.values()) closeSnapshot(snapshot)
    }
  },
}
