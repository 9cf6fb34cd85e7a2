import { request } from 'node:http'
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerWithCorpus, type ServerProcess } from './support/server-process.js'

/**
 * Upload limits on the real server: chunked uploads (no Content-Length) without a key, to
 * an unknown route, and over the import limit with a key. Refused bodies may not grow the
 * server's RSS by more than 50 MiB, a 160 MiB streamed import by more than 80 MiB (V8's
 * external-memory soft limit): a body is read only after auth and routing, and bulk bodies
 * stream. The baseline is taken once start-up has stopped growing RSS.
 * (Before the fix two 200 MiB POSTs without a key raised RSS from 168 to 677 MiB.)
 */
const KEY = 'pwg_upload_memory_proof_key_0123456789abcdef'
const MIB = 1024 * 1024
const MAX_GROWTH_KIB = 50 * 1024
/**
 * The import limit, set well above V8's external-memory soft limit (64 MiB of released Buffers
 * may wait for the next collection) so that a bound below it shows the body is not kept.
 */
const IMPORT_LIMIT = 160 * MIB
/** Streaming garbage is collected at V8's 64 MiB external soft limit; half the body is kept out. */
const MAX_STREAMED_GROWTH_KIB = 80 * 1024

interface UploadResult {
  status: number
  /** Bytes the client had handed to the socket when the answer arrived. */
  sentAtResponse: number
}

/** Streams `totalBytes` of `fill` as a chunked POST until the server answers or hangs up. */
function chunkedPost(
  baseUrl: string,
  path: string,
  totalBytes: number,
  headers: Record<string, string>,
  fill = Buffer.alloc(MIB, 0x61),
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    let sent = 0
    let result: UploadResult | null = null
    const req = request(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...headers },
    })
    req.on('response', (res) => {
      result = { status: res.statusCode ?? 0, sentAtResponse: sent }
      res.resume()
      res.on('end', () => {
        req.destroy()
        resolve(result!)
      })
    })
    // The server may close the socket after answering while we still write: that is fine.
    req.on('error', (error) => (result ? resolve(result) : reject(error)))
    const pump = () => {
      while (result === null && sent < totalBytes) {
        sent += fill.byteLength
        if (!req.write(fill)) return void req.once('drain', pump)
      }
      if (result === null) req.end()
    }
    pump()
  })
}

describe('upload memory on the real server', () => {
  let server: ServerProcess
  let dir = ''
  beforeAll(async () => {
    ;({ server, dir } = await startServerWithCorpus({
      passwords: ['password', 'letmein'],
      key: KEY,
      env: { PWGUARD_MAX_IMPORT_BYTES: String(IMPORT_LIMIT) },
    }))
  })
  afterAll(async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Runs the uploads while sampling RSS; returns the answers and the peak growth in KiB. */
  async function peakGrowth(uploads: () => Promise<UploadResult[]>) {
    await fetch(`${server.baseUrl}/health`)
    const baseline = await server.settledRssKib()
    let peak = baseline
    const timer = setInterval(() => (peak = Math.max(peak, server.rssKib())), 50)
    try {
      const results = await uploads()
      await new Promise((resolve) => setTimeout(resolve, 300))
      peak = Math.max(peak, server.rssKib())
      return { results, growthKib: peak - baseline, baseline }
    } finally {
      clearInterval(timer)
    }
  }

  it('answers two 200 MiB chunked uploads without a key with 401, RSS flat', async () => {
    const { results, growthKib, baseline } = await peakGrowth(() =>
      Promise.all([
        chunkedPost(server.baseUrl, '/v1/accounts/import', 200 * MIB, {}),
        chunkedPost(server.baseUrl, '/v1/incidents/inc_x/exposures', 200 * MIB, {}),
      ]),
    )
    console.log(
      JSON.stringify({
        figure: 'unauthenticated_upload_rss',
        baselineKib: baseline,
        growthKib,
        results,
      }),
    )
    for (const result of results) {
      expect(result.status).toBe(401)
      // Answered long before the body ended (socket buffers hold a few MiB on the way).
      expect(result.sentAtResponse).toBeLessThan(64 * MIB)
    }
    expect(growthKib).toBeLessThan(MAX_GROWTH_KIB)
  })

  it('answers a 200 MiB chunked upload to an unknown route with 404, RSS flat', async () => {
    const auth = { authorization: `Bearer ${KEY}` }
    const { results, growthKib } = await peakGrowth(() =>
      Promise.all([chunkedPost(server.baseUrl, '/v1/nothing/import', 200 * MIB, auth)]),
    )
    expect(results[0]!.status).toBe(404)
    expect(growthKib).toBeLessThan(MAX_GROWTH_KIB)
  })

  it('streams an authenticated upload over the 160 MiB limit and stops it with 413', async () => {
    const auth = { authorization: `Bearer ${KEY}` }
    const { results, growthKib } = await peakGrowth(() =>
      Promise.all([chunkedPost(server.baseUrl, '/v1/accounts/import', 400 * MIB, auth)]),
    )
    console.log(JSON.stringify({ figure: 'over_limit_upload_rss', growthKib, results }))
    expect(results[0]!.status).toBe(413)
    // Stopped near the limit, not after reading all 400 MiB.
    expect(results[0]!.sentAtResponse).toBeLessThan(IMPORT_LIMIT + 32 * MIB)
    expect(growthKib).toBeLessThan(MAX_STREAMED_GROWTH_KIB)
    expect((await fetch(`${server.baseUrl}/health`)).ok).toBe(true)
  })

  it('still serves JSON routes through the meter, and holds them to the JSON limit', async () => {
    const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
    const ok = await fetch(`${server.baseUrl}/v1/passwords/check`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ password: 'violet-tractor-harbour-quietly-47' }),
    })
    expect(ok.status).toBe(200)
    const big = await chunkedPost(server.baseUrl, '/v1/passwords/check', 8 * MIB, auth)
    expect(big.status).toBe(413)
  })
})
