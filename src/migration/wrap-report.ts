import type { WrapDecision } from './wrap-threshold.js'

/** What happened to the accounts of one stored scheme. */
export interface SchemeTally {
  scanned: number
  /** Below threshold and wrappable (in a dry run: would be wrapped). */
  toWrap: number
  wrapped: number
  /** The row changed under us (a login upgraded it): compare-and-swap missed, nothing written. */
  raced: number
  /** Strong enough: left for the login upgrade. */
  kept: number
  /** Weak but not recomputable (bcrypt below cost 10): only a login can fix it. */
  loginOnly: number
  /** Stored string no longer parses (never expected: import validates). */
  unparseable: number
}

/** The migration's final report: JSON on stdout, text on stderr, body of the admin endpoint. */
export interface WrapReport {
  dryRun: boolean
  tenants: string[]
  /** Rows the scan had to look at (neither argon2 nor wrapped) when it started. */
  candidates: number
  totals: SchemeTally
  byScheme: Record<string, SchemeTally>
  /** Accounts per stored scheme before and after the run. */
  before: Record<string, number>
  after: Record<string, number>
  /** argon2id computations done (wrapped + raced + any that could not be formatted). */
  hashed: number
  durationMs: number
  hashesPerSecond: number
  /** False when a bounded run stopped early; continue after `nextCursor`. */
  complete: boolean
  nextCursor: string | null
  /** Dry run only: argon2id rate measured on this machine and the time the wrap would take. */
  estimate?: { sampleHashes: number; hashesPerSecond: number; seconds: number }
}

export const emptyTally = (): SchemeTally => ({
  scanned: 0,
  toWrap: 0,
  wrapped: 0,
  raced: 0,
  kept: 0,
  loginOnly: 0,
  unparseable: 0,
})

/** Adds `n` to one counter of a scheme's tally and of the totals. */
export function tally(report: WrapReport, scheme: string, field: keyof SchemeTally, n = 1): void {
  const entry = (report.byScheme[scheme] ??= emptyTally())
  entry[field] += n
  report.totals[field] += n
}

/** The tally counter a threshold decision lands in. */
export function decisionField(decision: WrapDecision): keyof SchemeTally {
  if (decision.action === 'wrap') return 'toWrap'
  return decision.action === 'keep' ? 'kept' : 'loginOnly'
}

/** The human-readable report for stderr. */
export function formatWrapReport(report: WrapReport): string {
  const t = report.totals
  const lines = [
    `${report.dryRun ? 'dry run' : 'wrap'}: tenants ${report.tenants.join(', ') || '(none)'}`,
    `  scanned ${t.scanned}, ${report.dryRun ? 'would wrap' : 'to wrap'} ${t.toWrap}, wrapped ${t.wrapped}, raced ${t.raced}, kept ${t.kept}, login-only ${t.loginOnly}, unparseable ${t.unparseable}`,
    '  scheme                        before    after  scanned   toWrap  wrapped   raced  kept  login-only',
  ]
  const schemes = new Set([...Object.keys(report.before), ...Object.keys(report.after)])
  for (const scheme of [...schemes].sort()) {
    const s = report.byScheme[scheme] ?? emptyTally()
    const cells = [report.before[scheme] ?? 0, report.after[scheme] ?? 0, s.scanned, s.toWrap]
    const more = [s.wrapped, s.raced, s.kept, s.loginOnly]
    lines.push(
      `  ${scheme.padEnd(28)}${cells.map((n) => String(n).padStart(9)).join('')}${more.map((n) => String(n).padStart(8)).join('')}`,
    )
  }
  const seconds = report.durationMs / 1000
  lines.push(
    `  ${report.hashed} argon2id hashes in ${seconds.toFixed(1)} s (${report.hashesPerSecond.toFixed(1)} hashes/s)${report.complete ? '' : `; stopped early, continue after ${report.nextCursor}`}`,
  )
  if (report.estimate) {
    const e = report.estimate
    lines.push(
      `  estimate: ${e.hashesPerSecond.toFixed(1)} argon2id hashes/s measured on ${e.sampleHashes} samples -> ${formatDuration(e.seconds)} for ${t.toWrap} accounts`,
    )
  }
  return `${lines.join('\n')}\n`
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}
