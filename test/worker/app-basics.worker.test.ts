import { beforeAll, describe, expect, it } from 'vitest'
import { worker } from './worker-app.js'
import { seedCorpus } from './worker-test-env.js'

// The corpus upload, as the deploy guide does it with `wrangler r2 object put`.
beforeAll(() => seedCorpus())

// The same checks as test/app/app-basics.test.ts, through the Worker entry inside workerd.

describe('Worker entry: app basics', () => {
  it('answers /health', async () => {
    const res = await worker().fetch('http://pwguard.test/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('serves the OpenAPI 3.1 document', async () => {
    const res = await worker().fetch('http://pwguard.test/openapi.json')
    const doc = (await res.json()) as { openapi: string; paths: object }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toContain('/health')
  })

  it('answers unknown routes with problem+json 404', async () => {
    const res = await worker().fetch('http://pwguard.test/nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ status: 404, code: 'not_found' })
  })
})
