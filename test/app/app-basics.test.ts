import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'

describe('app basics', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('answers /health', async () => {
    t = createTestApp()
    const res = await t.app.request('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('serves an OpenAPI 3.1 document and an offline docs page', async () => {
    t = createTestApp()
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      openapi: string
      paths: object
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toContain('/health')
    const page = await t.app.request('/docs')
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    // Without Scalar's bundle (no adapter given) the page links the document, nothing more.
    expect(html).toContain('href="/openapi.json"')
    expect(html).not.toMatch(/<script|https?:\/\//)
  })

  it('answers unknown routes with problem+json 404', async () => {
    t = createTestApp()
    const res = await t.app.request('/nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ status: 404, code: 'not_found' })
  })
})
