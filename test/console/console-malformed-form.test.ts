import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { ORIGIN, consoleUserFor, signInConsole } from './console-support.js'

/**
 * A body that says `multipart/form-data` but is not one made the FormData parser throw, and the
 * console answered 500 with an error log line. It is the sender's fault: 400, nothing logged.
 */
const BROKEN = {
  'content-type': 'multipart/form-data; boundary=pwguard-boundary',
  origin: ORIGIN,
  'sec-fetch-site': 'same-origin',
}
const BODY = '--pwguard-boundary\r\nContent-Disposition: form-data; name="tenant"\r\n\r\ncut off'

describe('console forms that cannot be read', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('answers the sign-in form with 400 bad_request and logs no error', async () => {
    t = createTestApp()
    const res = await t.app.request('/console/login', {
      method: 'POST',
      headers: BROKEN,
      body: BODY,
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(((await res.json()) as { code: string }).code).toBe('bad_request')
    expect(t.logger.lines.filter((line) => line.includes('"level":"error"'))).toEqual([])
  })

  it('answers a signed-in state change (the CSRF check reads the form) with 400', async () => {
    t = createTestApp()
    const user = await consoleUserFor(t, 'clinic', 'ops@clinic.example')
    const { cookie } = await signInConsole(t, user, 'clinic', 'ops@clinic.example')
    const res = await t.app.request('/console/keys', {
      method: 'POST',
      headers: { ...BROKEN, cookie },
      body: BODY,
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('bad_request')
    expect(t.logger.lines.filter((line) => line.includes('"level":"error"'))).toEqual([])
  })
})
