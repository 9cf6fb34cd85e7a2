import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createCliBuildProgress } from '../breach/corpus/build/build-progress-node.js'
import {
  closeSnapshot,
  diffRecords,
  snapshotRecords,
  type CorpusChange,
} from '../breach/corpus/build/corpus-diff-node.js'
import { MANIFEST_FILE } from '../breach/corpus/corpus-format.js'
import { updateFileCorpus } from '../breach/corpus/build/update-file-corpus-node.js'
import type { HashMode } from '../breach/range-reader.js'
import { CliUsageError, type CliCommand, type CliContext } from './cli-command.js'
import { corpusBuildCommand } from './corpus-build-command.js'
import { parseUpdateArgs } from './update-source-flags.js'

const MODES: HashMode[] = ['sha1', 'ntlm']

/**
 * `pwguard corpus update`: merges a newer HIBP download (file or folder) or list into the
 * corpus incrementally: only the prefixes whose content changed are written, into a sibling
 * version that hard-links everything else, switched with a rename (a running server follows
 * within 5 s). `--full`, or when a full build is due (see updateFileCorpus), rebuilds it all.
 */
export const corpusUpdateCommand: CliCommand = {
  name: ['corpus', 'update'],
  summary: 'merge a newer HIBP download or list into the corpus, rewriting only changed prefixes',
  usage: 'pwguard corpus update [--dir DIR] [--full] <the source flags of corpus build>',
  async run(args, context) {
    const parsed = parseUpdateArgs(args)
    const dir = parsed.dir ?? context.config.corpusDir
    if (!existsSync(join(dir, MANIFEST_FILE))) {
      throw new CliUsageError(`${dir} holds no corpus: run 'pwguard corpus build' first`)
    }
    if (!parsed.full) {
      const outcome = updateFileCorpus({
        dir,
        sources: parsed.sources,
        fpr: parsed.fpr ?? context.config.filterFpr,
        progress: createCliBuildProgress(context.io.stderr, context.io.isTTY),
      })
      if (outcome.kind === 'updated') {
        report(context, outcome.changes)
        const shards = outcome.filterShards
        if (shards) {
          context.io.stderr(
            `fuse filter: rebuilt ${shards.rebuilt} of ${shards.total} shards ` +
              `(${shards.keys} keys), copied the others unchanged\n`,
          )
        }
        context.io.stdout(
          `incremental: wrote ${outcome.rangeBytesWritten} bytes of changed ranges and ` +
            `${outcome.tableBytesWritten} bytes of per-prefix tables, filter and manifest; ` +
            `unchanged prefixes are shared with the previous version (hard links)\n`,
        )
        return 0
      }
      context.io.stderr(`a full rebuild is due (${outcome.reason})\n`)
    }
    return rebuild(dir, args, context)
  },
}

/** The full path: a build beside the served corpus, then a record diff for the report. */
async function rebuild(dir: string, args: string[], context: CliContext): Promise<number> {
  const buildArgs = withoutUpdateFlags(args)
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
    report(context, changes)
    return 0
  } finally {
    for (const snapshot of before.values()) closeSnapshot(snapshot)
  }
}

function report(context: CliContext, changes: CorpusChange[]): void {
  for (const { mode, changedPrefixes, hashesBefore, hashesAfter } of changes) {
    const delta = hashesAfter - hashesBefore
    context.io.stdout(
      `${mode}: ${changedPrefixes} of 1048576 prefixes changed; ` +
        `${hashesBefore} -> ${hashesAfter} hashes (${delta >= 0 ? '+' : ''}${delta})\n`,
    )
  }
}

function withoutUpdateFlags(args: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--dir') i++
    else if (args[i] !== '--full') out.push(args[i] as string)
  }
  return out
}
