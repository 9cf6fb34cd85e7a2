import cliProgress from 'cli-progress'
import type { Logger } from '../../../ports/logger.js'

/** Progress of a corpus build: one phase at a time, each with a known total. */
export interface BuildProgress {
  phase(name: string, total: number, unit: string): void
  update(done: number): void
  end(): void
  /** A one-off message between phases (e.g. the fast path falling back to the spool). */
  notice?(message: string): void
}

const PLAIN_EVERY_MS = 2_000

/**
 * A redrawing bar with rate and ETA when stderr is a terminal; otherwise one plain line every
 * two seconds (logs and CI stay readable).
 */
export function createCliBuildProgress(
  stderr: (text: string) => void,
  isTTY: boolean,
): BuildProgress {
  if (!isTTY) return createLineProgress((line) => stderr(`${line}\n`))
  let bar: cliProgress.SingleBar | null = null
  let started = 0
  return {
    phase(name, total, unit) {
      bar?.stop()
      started = Date.now()
      bar = new cliProgress.SingleBar(
        {
          format: `${name.padEnd(8)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
          stream: process.stderr,
          etaBuffer: 50,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
      bar.start(total, 0, { rate: '0' })
    },
    update(done) {
      const rate = done / Math.max((Date.now() - started) / 1000, 1e-3)
      bar?.update(done, { rate: Math.round(rate).toLocaleString('en') })
    },
    end() {
      bar?.stop()
      bar = null
    },
    notice(message) {
      bar?.stop()
      bar = null
      stderr(`${message}\n`)
    },
  }
}

/** Plain periodic lines through any sink (the server logger for the default corpus). */
export function createLineProgress(write: (line: string) => void): BuildProgress {
  let name = ''
  let unit = ''
  let total = 0
  let started = 0
  let lastAt = 0
  return {
    phase(name_, total_, unit_) {
      ;[name, total, unit, started, lastAt] = [name_, total_, unit_, Date.now(), Date.now()]
    },
    update(done) {
      const now = Date.now()
      if (now - lastAt < PLAIN_EVERY_MS) return
      lastAt = now
      const seconds = (now - started) / 1000
      const rate = done / Math.max(seconds, 1e-3)
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0
      const percent = total > 0 ? ((100 * done) / total).toFixed(1) : '0'
      write(
        `corpus ${name}: ${percent}% ${done}/${total} ${unit}, ${Math.round(rate)} ${unit}/s, ETA ${eta}s`,
      )
    },
    end() {},
    notice(message) {
      write(`corpus: ${message}`)
    },
  }
}

/** Progress lines through a Logger. */
export const createLoggerProgress = (logger: Logger) =>
  createLineProgress((line) => logger.info(line))
