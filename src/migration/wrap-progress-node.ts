import { createCliBuildProgress } from '../breach/corpus/build/build-progress-node.js'
import type { WrapReport } from './wrap-report.js'

const PLAIN_EVERY_MS = 2_000

/**
 * Progress of `pwguard migrate wrap`: the shared redrawing bar (rate, ETA) on a terminal,
 * else one plain line every two seconds with wrapped/raced counts and the hash rate.
 */
export function createWrapProgress(stderr: (text: string) => void, isTTY: boolean) {
  const started = Date.now()
  if (isTTY) {
    const bar = createCliBuildProgress(stderr, true)
    let begun = false
    return {
      update(scanned: number, candidates: number) {
        if (!begun) bar.phase('wrap', candidates, 'accounts')
        begun = true
        bar.update(scanned)
      },
      end: () => bar.end(),
    }
  }
  let lastAt = started
  return {
    update(scanned: number, candidates: number, report?: WrapReport) {
      const now = Date.now()
      if (now - lastAt < PLAIN_EVERY_MS) return
      lastAt = now
      stderr(`${plainLine(scanned, candidates, (now - started) / 1000, report)}\n`)
    },
    end() {},
  }
}

function plainLine(scanned: number, candidates: number, seconds: number, report?: WrapReport) {
  const rate = scanned / Math.max(seconds, 1e-3)
  const eta = rate > 0 ? Math.round((candidates - scanned) / rate) : 0
  const percent = candidates > 0 ? ((100 * scanned) / candidates).toFixed(1) : '100.0'
  const hashes = report ? (report.hashed / Math.max(seconds, 1e-3)).toFixed(1) : '0'
  const counts = report ? `, wrapped ${report.totals.wrapped}, raced ${report.totals.raced}` : ''
  return `wrap: ${percent}% ${scanned}/${candidates} accounts${counts}, ${hashes} hashes/s, ETA ${eta}s`
}
