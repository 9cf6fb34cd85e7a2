import { runCli } from '../../src/cli/run-cli.js'
import { parseConfig } from '../../src/config/config.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { TEST_SECRET } from './test-app.js'

/** `pwguard <argv>` in-process against one SQLite file, with the test app's secret. */
export async function pwguard(dbFile: string, argv: string[]) {
  const out = { stdout: '', stderr: '' }
  const secret = new TextDecoder().decode(TEST_SECRET)
  const code = await runCli(argv, {
    config: () => parseConfig({ PWGUARD_DB: dbFile, PWGUARD_SECRET: secret }),
    io: {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      isTTY: false,
    },
    logger: createMemoryLogger(),
  })
  return { code, ...out }
}
