import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
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

const created: string[] = []

/** A fresh temp folder, removed when the test file finishes (corpora are tens of MB). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-corpus-test-'))
  created.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
})
