import { existsSync, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createCliBuildProgress } from '../breach/corpus/build/build-progress-node.js'
import type { SourceKind } from '../breach/corpus/corpus-format.js'
import type { CorpusSourceSpec } from '../breach/corpus/build/corpus-sources-node.js'
import { buildFileCorpus } from '../breach/corpus/build/file-corpus-builder-node.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

const FILE_FLAGS: [string, SourceKind][] = [
  ['passwords', 'passwords'],
  ['hibp', 'hibp'],
  ['hibp-ntlm', 'hibp-ntlm'],
]
const DIR_FLAGS: [string, SourceKind][] = [
  ['hibp-dir', 'hibp-dir'],
  ['hibp-ntlm-dir', 'hibp-ntlm-dir'],
]

export const corpusBuildCommand: CliCommand = {
  name: ['corpus', 'build'],
  summary:
    'build the breach corpus (range store, filter, manifest) from HIBP files or password lists',
  usage:
    'pwguard corpus build [--out DIR] [--passwords FILE [--with-counts]] [--hibp FILE] [--hibp-dir DIR] ' +
    '[--hibp-ntlm FILE] [--hibp-ntlm-dir DIR] [--fpr RATE] [--no-range-bodies]   (each source flag may repeat)',
  async run(args, { config, io }) {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        fpr: { type: 'string' },
        'with-counts': { type: 'boolean' },
        // Saves ~2× the records' disk; a cold /range then formats its rows per request.
        'no-range-bodies': { type: 'boolean' },
        ...Object.fromEntries(
          [...FILE_FLAGS, ...DIR_FLAGS].map(([flag]) => [flag, { type: 'string', multiple: true }]),
        ),
      },
    })
    const flags = values as Record<string, string[] | undefined>
    const sources = [...collect(flags, FILE_FLAGS, false), ...collect(flags, DIR_FLAGS, true)]
    if (sources.length === 0)
      throw new CliUsageError('give at least one source (--passwords, --hibp, ...)')
    for (const source of sources) source.withCounts = values['with-counts'] ?? false
    const fpr = values.fpr === undefined ? config.filterFpr : Number(values.fpr)
    if (!(fpr > 0 && fpr < 1)) throw new CliUsageError('--fpr must be a number between 0 and 1')
    const out = values.out ?? config.corpusDir
    const manifest = buildOrExplain({
      out,
      sources,
      fpr,
      rangeBodies: values['no-range-bodies'] !== true,
      progress: createCliBuildProgress(io.stderr, io.isTTY),
    })
    const filterBytes = manifest.files[manifest.filter.file]?.bytes ?? 0
    io.stdout(
      `built corpus in ${out}: ${manifest.modes.sha1?.hashCount ?? 0} SHA-1` +
        (manifest.modes.ntlm ? `, ${manifest.modes.ntlm.hashCount} NTLM` : '') +
        ` hashes; filter ${(filterBytes / 1e6).toFixed(1)} MB, FPR ${manifest.filter.measuredFpr}` +
        ` measured (target ${fpr}); ${(manifest.buildMs / 1000).toFixed(1)} s\n`,
    )
    return 0
  },
}

function collect(
  flags: Record<string, string[] | undefined>,
  table: [string, SourceKind][],
  isDir: boolean,
): CorpusSourceSpec[] {
  return table.flatMap(([flag, kind]) =>
    (flags[flag] ?? []).map((path) => {
      if (!existsSync(path) || statSync(path).isDirectory() !== isDir) {
        throw new CliUsageError(`--${flag} ${path}: no such ${isDir ? 'folder' : 'file'}`)
      }
      return { kind, path }
    }),
  )
}

/** A wrong `--out` (a folder that is not a corpus) is the user's to fix: a usage error. */
function buildOrExplain(options: Parameters<typeof buildFileCorpus>[0]) {
  try {
    return buildFileCorpus(options)
  } catch (error) {
    if ((error as { code?: string }).code === 'PWGUARD_CORPUS_OUT') {
      throw new CliUsageError((error as Error).message)
    }
    throw error
  }
}
