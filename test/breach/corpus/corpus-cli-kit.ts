import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src/cli/run-cli.js'
import { parseConfig } from '../../../src/config/config.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'

/** Runs `pwguard <argv>` in-process with a config whose data folder is a fresh temp dir. */
export async function runPwguard(argv: string[], env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' }
  const logger = createMemoryLogger()
  const code = await runCli(argv, {
    config: () => parseConfig({ PWGUARD_DB: join(tempDir(), 'pwguard.db'), ...env }),
    io: {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      isTTY: false,
    },
    logger,
  })
  return { code, ...out, logs: logger.lines }
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'pwguard-corpus-test-'))
