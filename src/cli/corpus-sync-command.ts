import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCliBuildProgress } from '../breach/corpus/build/build-progress-node.js'
import { MANIFEST_FILE } from '../breach/corpus/corpus-format.js'
import { mirrorRanges } from '../breach/corpus/build/range-mirror-node.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { corpusBuildCommand } from './corpus-build-command.js'
import { corpusUpdateCommand } from './corpus-update-command.js'

/**
 * `pwguard corpus sync --upstream URL`: mirrors an HIBP-compatible range API (HIBP itself, or
 * another pwguard) into a per-prefix folder beside the corpus with conditional requests, then
 * builds the corpus from it (an update, with its changed-prefix report, when one exists).
 */
export const corpusSyncCommand: CliCommand = {
  name: ['corpus', 'sync'],
  summary: 'mirror an HIBP-compatible range API (If-None-Match, resumable) into the corpus',
  usage:
    'pwguard corpus sync --upstream URL [--dir DIR] [--mirror DIR] [--prefixes FROM-TO] [--concurrency N]',
  async run(args, context) {
    const { values } = parseArgs({
      args,
      options: {
        upstream: { type: 'string' },
        dir: { type: 'string' },
        mirror: { type: 'string' },
        prefixes: { type: 'string' },
        concurrency: { type: 'string' },
      },
    })
    if (!values.upstream) throw new CliUsageError('--upstream URL is required')
    const dir = values.dir ?? context.config.corpusDir
    const mirror = values.mirror ?? `${dir.replace(/\/+$/, '')}.mirror`
    const [from, to] = parsePrefixes(values.prefixes ?? '00000-FFFFF')
    const concurrency = Number(values.concurrency ?? 16)
    if (!(concurrency >= 1 && concurrency <= 256)) throw new CliUsageError('--concurrency 1..256')
    const report = await mirrorRanges({
      upstream: values.upstream,
      mirror,
      from,
      to,
      concurrency,
      progress: createCliBuildProgress(context.io.stderr, context.io.isTTY),
    })
    context.io.stdout(
      `synced ${report.asked} prefixes from ${values.upstream}: ${report.changed} changed, ` +
        `${report.notModified} not modified (304), ${report.failed.length} failed\n`,
    )
    for (const failure of report.failed.slice(0, 20)) context.io.stderr(`failed ${failure}\n`)
    if (report.failed.length > 0) return 1
    if (report.changed === 0 && existsSync(join(dir, MANIFEST_FILE))) return 0
    const build = existsSync(join(dir, MANIFEST_FILE))
      ? corpusUpdateCommand.run(['--dir', dir, '--hibp-dir', mirror], context)
      : corpusBuildCommand.run(['--out', dir, '--hibp-dir', mirror], context)
    return build
  },
}

function parsePrefixes(text: string): [number, number] {
  const match = /^([0-9A-Fa-f]{5})-([0-9A-Fa-f]{5})$/.exec(text)
  if (!match) throw new CliUsageError('--prefixes FROM-TO, e.g. 00000-FFFFF')
  const from = Number.parseInt(match[1] as string, 16)
  const to = Number.parseInt(match[2] as string, 16)
  if (from > to) throw new CliUsageError('--prefixes: FROM must not be above TO')
  return [from, to]
}
