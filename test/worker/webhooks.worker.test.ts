import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import { createD1Driver } from '../../src/store/d1-driver.js'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { jsonRequest, keyFor } from './worker-app.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

beforeAll(() => seedCorpus())

describe('Worker entry: webhook delivery from the cron trigger', () => {
  it('delivers pending outbox events in a scheduled pass', async () => {
    const handler = createWorkerHandler(argon2Wasm)
    const call = (path: string, init?: RequestInit) =>
      handler.fetch(new Request(`http://pwguard.test${path}`, init), testEnv)
    const admin = await keyFor('clinic', ['admin'])
    const put = await call(
      '/v1/webhook',
      jsonRequest('PUT', { url: 'https://hooks.test/receive', secret: 'whsec-worker-test' }, admin),
    )
    expect(put.status).toBeLessThan(300)
    const driver = createD1Driver(testEnv.DB)
    const { statement, id } = outboxInsert(driver.db, {
      tenantId: 'clinic',
      type: 'incident.created',
      data: { incidentId: 'inc_worker' },
      now: Date.now(),
    })
    await driver.batch([statement])
    const events = async (status: string) =>
      (
        (await (await call(`/v1/webhook/events?status=${status}`, { headers: admin })).json()) as {
          events: { id: string }[]
        }
      ).events.map((event) => event.id)
    expect(await events('pending')).toContain(id)

    const waiting: Promise<unknown>[] = []
    await handler.scheduled({}, testEnv, {
      waitUntil: (promise: Promise<unknown>) => void waiting.push(promise),
      passThroughOnException: () => {},
      props: {},
    })
    await Promise.all(waiting)
    expect(await events('delivered')).toContain(id)
    expect(await events('pending')).not.toContain(id)
  })
})
