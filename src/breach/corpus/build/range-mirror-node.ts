import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { parseRangeBody } from '../../range-body.js'
import { upstreamRangeUrl } from '../../upstream/upstream-range-url.js'
import type { BuildProgress } from './build-progress-node.js'

const STATE_FILE = 'sync-state.log'

export interface MirrorOptions {
  upstream: string
  /** The per-prefix folder (HIBP downloader layout: `ABCDE.txt` of `35HEX:COUNT`). */
  mirror: string
  /** First and last prefix number (inclusive); default the whole 2^20. */
  from?: number
  to?: number
  concurrency?: number
  timeoutMs?: number
  progress: BuildProgress
  fetch?: typeof fetch
}

export interface MirrorReport {
  asked: number
  notModified: number
  changed: number
  failed: string[]
}

/**
 * Mirrors an HIBP-compatible range API into a per-prefix folder, asking each prefix with the
 * ETag it had last time (`If-None-Match`), so an unchanged range costs a 304 and no body. Each
 * changed range is written to a temp file and renamed into place, then its ETag is appended to
 * `sync-state.log`: a run killed at any point leaves only whole files, and the next run asks
 * every prefix again with the tags it has, so work already done costs 304s only (resumable).
 */
export async function mirrorRanges(options: MirrorOptions): Promise<MirrorReport> {
  const { mirror, progress, concurrency = 16, timeoutMs = 10_000 } = options
  const from = options.from ?? 0
  const to = options.to ?? 2 ** 20 - 1
  const get = options.fetch ?? fetch
  mkdirSync(mirror, { recursive: true })
  const etags = readState(join(mirror, STATE_FILE))
  const report: MirrorReport = { asked: 0, notModified: 0, changed: 0, failed: [] }
  progress.phase('syncing ranges', to - from + 1, 'prefixes')
  let next = from
  const syncOne = async (prefix: string) => {
    const headers: Record<string, string> = {}
    const known = etags.get(prefix)
    if (known && existsSync(join(mirror, `${prefix}.txt`))) headers['if-none-match'] = known
    for (let attempt = 1; ; attempt++) {
      try {
        const url = upstreamRangeUrl(options.upstream, prefix)
        const response = await get(url, { headers, signal: AbortSignal.timeout(timeoutMs) })
        if (response.status === 304) return void report.notModified++
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
        const rows = parseRangeBody(await response.text(), 35)
        if (!rows) throw new Error('not a range body')
        const file = join(mirror, `${prefix}.txt`)
        const lines = [...rows].map(([suffix, count]) => `${suffix}:${count}`)
        writeFileSync(`${file}.tmp`, lines.join('\r\n'))
        renameSync(`${file}.tmp`, file)
        const etag = response.headers.get('etag')
        if (etag) appendFileSync(join(mirror, STATE_FILE), `${prefix} ${etag}\n`)
        return void report.changed++
      } catch (error) {
        if (attempt >= 3) return void report.failed.push(`${prefix}: ${(error as Error).message}`)
      }
    }
  }
  const worker = async () => {
    while (next <= to) {
      const prefix = (next++).toString(16).toUpperCase().padStart(5, '0')
      await syncOne(prefix)
      report.asked++
      progress.update(report.asked)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  progress.end()
  return report
}

/** The last ETag per prefix; a torn last line (a kill mid-append) is ignored. */
function readState(file: string): Map<string, string> {
  const etags = new Map<string, string>()
  if (!existsSync(file)) return etags
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9A-F]{5}) (".*")$/.exec(line)
    if (match) etags.set(match[1] as string, match[2] as string)
  }
  return etags
}
