import { existsSync, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { SourceKind } from '../breach/corpus/corpus-format.js'
import type { CorpusSourceSpec } from '../breach/corpus/build/corpus-sources-node.js'
import { CliUsageError } from './cli-command.js'

const FLAGS: [string, SourceKind, boolean][] = [
  ['passwords', 'passwords', false],
  ['hibp', 'hibp', false],
  ['hibp-ntlm', 'hibp-ntlm', false],
  ['hibp-dir', 'hibp-dir', true],
  ['hibp-ntlm-dir', 'hibp-ntlm-dir', true],
]

/** The arguments of `pwguard corpus update`: the build's source flags plus its own. */
export function parseUpdateArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      fpr: { type: 'string' },
      full: { type: 'boolean' },
      'with-counts': { type: 'boolean' },
      'no-range-bodies': { type: 'boolean' },
      ...Object.fromEntries(FLAGS.map(([flag]) => [flag, { type: 'string', multiple: true }])),
    },
  })
  const flags = values as Record<string, string[] | undefined>
  const sources: CorpusSourceSpec[] = FLAGS.flatMap(([flag, kind, isDir]) =>
    (flags[flag] ?? []).map((path) => {
      if (!existsSync(path) || statSync(path).isDirectory() !== isDir) {
        throw new CliUsageError(`--${flag} ${path}: no such ${isDir ? 'folder' : 'file'}`)
      }
      return { kind, path, withCounts: values['with-counts'] ?? false }
    }),
  )
  if (sources.length === 0)
    throw new CliUsageError('give at least one source (--passwords, --hibp, ...)')
  const fpr = values.fpr === undefined ? undefined : Number(values.fpr)
  if (fpr !== undefined && !(fpr > 0 && fpr < 1)) {
    throw new CliUsageError('--fpr must be a number between 0 and 1')
  }
  return { dir: values.dir, full: values.full === true, sources, fpr }
}
