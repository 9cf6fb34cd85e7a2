import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { runCli } from '../../src/cli/run-cli.js'
import { parseConfig } from '../../src/config/config.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { TEST_SECRET } from './test-app.js'

/**
 * The one CLI harness. Prefer `pwguard` (in-process, fast); run the real binary only for what
 * a process shows and a function call does not: the exit status the bin sets, stdin, the
 * environment parsed from scratch, or a signal mid-run.
 */

/** The installed `pwguard` command's entry, run with `node` from the repository root. */
export const PWGUARD_BIN = 'src/entry/pwguard-bin.mjs'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * `pwguard <argv>` in-process against one SQLite file, with the test app's secret; `env`
 * adds or overrides variables (`PWGUARD_SECRET` for a test that runs its app with another).
 */
export async function pwguard(
  dbFile: string,
  argv: string[],
  env: Record<string, string> = {},
): Promise<CliRun & { code: number }> {
  const out = { stdout: '', stderr: '' }
  const secret = new TextDecoder().decode(TEST_SECRET)
  const code = await runCli(argv, {
    config: () => parseConfig({ PWGUARD_DB: dbFile, PWGUARD_SECRET: secret, ...env }),
    io: {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      isTTY: false,
    },
    logger: createMemoryLogger(),
  })
  return { code, ...out }
}

export interface ProcessOptions {
  /** The whole environment of the child (start from `process.env` to keep PATH and the like). */
  env: NodeJS.ProcessEnv
  /** Written to the child's stdin. */
  input?: string
}

/** `pwguard <argv>` as a child process, to completion. */
export function pwguardProcess(argv: string[], options: ProcessOptions): CliRun {
  const run = spawnSync('node', [PWGUARD_BIN, ...argv], {
    env: options.env,
    input: options.input,
    encoding: 'utf8',
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** `pwguard <argv>` started as a child process and left running: for signal tests (kill -9). */
export function spawnPwguard(
  argv: string[],
  options: Pick<ProcessOptions, 'env'>,
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn('node', [PWGUARD_BIN, ...argv], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}
