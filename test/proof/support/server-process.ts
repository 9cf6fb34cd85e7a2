import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'

/** A free loopback port, found by binding port 0 and letting it go. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  baseUrl: string
  logs: () => string
  rssKib: () => number
  /**
   * RSS once start-up has finished growing it (the argon2 worker threads load for a few hundred
   * milliseconds after /health first answers): three samples 100 ms apart within 1 MiB, or the
   * last sample after 10 s. A memory bound measured from an earlier baseline counts start-up.
   */
  settledRssKib: () => Promise<number>
  stop: () => Promise<void>
}

/** Starts the real Node entry (`src/entry/node.ts`) as a child process and waits for /health. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  let logs = ''
  const child = spawn('node', ['--import', 'tsx', 'src/entry/node.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (logs += chunk))
  child.stderr!.on('data', (chunk) => (logs += chunk))
  const baseUrl = `http://127.0.0.1:${port}`
  const rssKib = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  }
  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${logs}`)
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not come up:\n${logs}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    child,
    baseUrl,
    logs: () => logs,
    rssKib,
    settledRssKib: async () => {
      const samples = [rssKib()]
      const deadline = Date.now() + 10_000
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        samples.push(rssKib())
        const last = samples.slice(-3)
        if (last.length === 3 && Math.max(...last) - Math.min(...last) < 1024) break
      }
      return samples.at(-1)!
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * A fresh data folder with a corpus built from `passwords` by the real CLI, and the real server
 * on it, with `key` as its bootstrap admin key. Returns the server and the folder.
 */
export async function startServerWithCorpus(input: {
  passwords: string[]
  key: string
  env?: Record<string, string>
}): Promise<{ server: ServerProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-server-'))
  writeFileSync(join(dir, 'passwords.txt'), input.passwords.join('\n') + '\n')
  const build = spawnSync(
    'node',
    [
      'src/entry/pwguard-bin.mjs',
      'corpus',
      'build',
      '--out',
      join(dir, 'corpus'),
      '--passwords',
      join(dir, 'passwords.txt'),
    ],
    { encoding: 'utf8' },
  )
  if (build.status !== 0) throw new Error(`corpus build failed: ${build.stderr}`)
  const server = await startServerProcess({
    PWGUARD_DB: join(dir, 'pwguard.db'),
    PWGUARD_CORPUS: join(dir, 'corpus'),
    PWGUARD_BOOTSTRAP_KEY: input.key,
    PWGUARD_SECRET: 's'.repeat(40),
    PWGUARD_LOG: 'silent',
    ...input.env,
  })
  return { server, dir }
}
