import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import { adminAuth, seedCorpus, testEnv } from './worker-test-env.js'

beforeAll(() => seedCorpus())

/** A fresh isolate: a new handler, so start-up (and bootstrap) runs again. */
const isolate = async (env: object = {}) => {
  const handler = createWorkerHandler(argon2Wasm)
  const call = (path: string, headers: Record<string, string> = {}) =>
    handler.fetch(new Request(`http://pwguard.test${path}`, { headers }), { ...testEnv, ...env })
  return { health: await call('/health'), head: await call('/v1/audit/head', adminAuth()) }
}

const keyCount = async () =>
  (await testEnv.DB.prepare('SELECT count(*) AS n FROM api_keys').first<{ n: number }>())?.n

describe('Worker entry: bootstrap once per database, so a revoked key never comes back', () => {
  it('after revocation, restarts with or without the variable neither fail nor mint', async () => {
    await testEnv.DB.exec('DELETE FROM api_keys')
    await testEnv.DB.exec('DELETE FROM service_markers')
    const first = await isolate()
    expect(first.health.status).toBe(200)
    expect(first.head.status).toBe(200)
    await testEnv.DB.exec('UPDATE api_keys SET revoked_at = 1')

    const withVariable = await isolate()
    expect(withVariable.health.status).toBe(200)
    expect(withVariable.head.status).toBe(401)
    const without = await isolate({ PWGUARD_BOOTSTRAP_KEY: undefined })
    expect(without.health.status).toBe(200)
    expect(await keyCount()).toBe(1)
  })

  it('never puts a database error in the unauthenticated 503 body', async () => {
    await testEnv.DB.exec('ALTER TABLE service_markers RENAME TO service_markers_gone')
    try {
      const { health } = await isolate()
      expect(health.status).toBe(503)
      const body = (await health.json()) as { code: string; detail: string }
      expect(body.code).toBe('unavailable')
      expect(body.detail).not.toMatch(/service_markers|SQLITE|no such table|D1/i)
    } finally {
      await testEnv.DB.exec('ALTER TABLE service_markers_gone RENAME TO service_markers')
    }
  })
})
