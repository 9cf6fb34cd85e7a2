import { request } from 'node:http'
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { startServerWithCorpus, type ServerProcess } from '../proof/support/server-process.js'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'

const KEY = 'bootstrap-key-for-shutdown-test'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const line = (id: string) => JSON.stringify({ externalId: id, hash: MD5_CRYPT.hash }) + '\n'

/** Opens a streamed import and returns a handle to finish it and the answer it gets. */
function streamedImport(baseUrl: string) {
  const { port } = new URL(baseUrl)
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/accounts/import',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
  })
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
  })
  req.write(line('first'))
  return { finish: () => req.end(line('second')), answer }
}

describe('SIGTERM on the Node entry', () => {
  let started: { server: ServerProcess; dir: string } | undefined
  afterAll(async () => {
    await started?.server.stop()
    if (started) rmSync(started.dir, { recursive: true, force: true })
  })

  it('stops accepting, lets the in-flight request finish, then exits 0', async () => {
    started = await startServerWithCorpus({ passwords: ['hunter2'], key: KEY })
    const { server } = started
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve))
    const upload = streamedImport(server.baseUrl)
    await sleep(500) // the request is authenticated and reading its body

    server.child.kill('SIGTERM')
    await sleep(500)
    // The listening socket is closed: a new connection is refused while the old one drains.
    await expect(fetch(`${server.baseUrl}/health`)).rejects.toThrow()
    expect(server.child.exitCode).toBeNull()

    upload.finish()
    const { status, body } = await upload.answer
    expect(status).toBe(200)
    expect(JSON.parse(body)).toMatchObject({ imported: 2 })
    expect(await exited).toBe(0)
  })
})
