import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { readUploadLines } from '../accounts/ndjson-lines.js'
import type { LiveBreachEntry } from '../breach/live/live-breach-store.js'
import { openNodeLiveBreachStore } from '../breach/live/open-node-live-breach-store-node.js'
import { systemClock } from '../ports/clock.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

const SHA1_LINE = /^([0-9a-fA-F]{40})(?::[0-9]+)?$/
const BATCH = 10_000

/**
 * The operator's addition to the SHARED live corpus (incident lists add only to their own tenant's): every tenant's
 * checks and /range serve it within a second, without a rebuild. Tenants' incident lists never
 * land here; an operator who judges one worth sharing adds it with this command.
 */
export const corpusAddCommand: CliCommand = {
  name: ['corpus', 'add'],
  summary: 'add breached passwords to the shared live corpus (every tenant and /range)',
  usage: 'pwguard corpus add FILE [--format sha1|plain]   (sha1: 40HEX[:COUNT] lines)',
  async run(args, { config, io }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' } },
    })
    const [file] = positionals
    if (!file || positionals.length > 1) throw new CliUsageError('give FILE')
    const format = values.format ?? 'sha1'
    if (format !== 'sha1' && format !== 'plain')
      throw new CliUsageError('--format is sha1 or plain')
    const live = await openNodeLiveBreachStore(config)
    let lines = 0
    let added = 0
    let skipped = 0
    let batch: LiveBreachEntry[] = []
    const flush = async () => {
      added += (await live.add(batch, systemClock.now())).filter((d) => d.mode === 'sha1').length
      batch = []
    }
    try {
      for await (const line of readUploadLines(createReadStream(file))) {
        if ('error' in line || line.text.trim() === '') continue
        lines += 1
        const text = line.text.trim()
        const sha1 =
          format === 'plain'
            ? createHash('sha1').update(line.text, 'utf8').digest('hex')
            : SHA1_LINE.exec(text)?.[1]
        if (!sha1) {
          skipped += 1
          continue
        }
        batch.push({ sha1: sha1.toUpperCase() })
        if (batch.length >= BATCH) await flush()
      }
      await flush()
    } finally {
      await live.close()
    }
    io.stderr(
      `read ${lines} lines: ${added} passwords new to the shared corpus, ${skipped} skipped\n`,
    )
    io.stdout(`${JSON.stringify({ lines, added, skipped })}\n`)
    return skipped > 0 ? 3 : 0
  },
}
