import { readFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import {
  WIDGET_BUNDLE_FILE,
  widgetBundleSource,
} from '../../scripts/widget/widget-bundle-source.js'
import { parseConfig } from '../../src/config/config.js'
import { strengthDictionary } from '../../src/policy/strength-dictionary.js'
import { createTestApp } from '../support/test-app.js'

let app: ReturnType<typeof createTestApp> | null = null
afterEach(() => app?.close())

describe('the committed widget bundle', () => {
  it('is what `npm run build:widget` makes from src/widget/browser today', async () => {
    expect(readFileSync(WIDGET_BUNDLE_FILE, 'utf8')).toBe(await widgetBundleSource())
  }, 60_000)
})

describe('GET /widget/v1/pwguard.js', () => {
  it('is an ES module of at most 10 KB gzipped, with the service policy written in', async () => {
    app = createTestApp({
      settings: { policy: { minLength: 12, minScore: 2, breachThreshold: 5 } },
    })
    const response = await app.app.request('/widget/v1/pwguard.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const body = await response.text()
    expect(body).toMatch(/export\s*\{[^}]*\battach\b/)
    expect(gzipSync(body, { level: 9 }).length).toBeLessThanOrEqual(10 * 1024)
    expect(body).toContain(JSON.stringify('{"minLength":12,"minScore":2,"breachThreshold":5}'))
    expect(body).not.toContain('__PWGUARD_POLICY__')
  })

  it('allows only the origins in PWGUARD_CORS_ORIGINS when a list is set', async () => {
    app = createTestApp({ settings: { corsOrigins: ['https://booking.example'] } })
    const allowed = await app.app.request('/widget/v1/pwguard.js', {
      headers: { origin: 'https://booking.example' },
    })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://booking.example')
    expect(allowed.headers.get('vary')).toBe('Origin')
    const other = await app.app.request('/widget/v1/strength.js', {
      headers: { origin: 'https://evil.example' },
    })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    // The dictionary varies by encoding too: the origin rule must not drop it from Vary.
    const dictionary = await app.app.request('/widget/v1/dictionary.json', {
      headers: { origin: 'https://booking.example', 'accept-encoding': 'gzip' },
    })
    expect(dictionary.headers.get('vary')).toBe('Accept-Encoding, Origin')
  })
})

describe('GET /widget/v1/dictionary.json', () => {
  it('serves the server check’s own dictionaries, gzipped when asked', async () => {
    app = createTestApp()
    const response = await app.app.request('/widget/v1/dictionary.json', {
      headers: { 'accept-encoding': 'gzip, br' },
    })
    expect(response.headers.get('content-encoding')).toBe('gzip')
    const data = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()) as {
      dictionary: Record<string, string[]>
      graphs: Record<string, unknown>
    }
    expect(data.dictionary).toEqual(strengthDictionary())
    expect(Object.keys(data.graphs)).toContain('qwerty')
  }, 60_000)
})

describe('GET /widget/demo', () => {
  it.each([
    ['nl', 'Account aanmaken'],
    ['fr', 'Créer un compte'],
    ['en', 'Create an account'],
  ])('renders the signup form in %s', async (lang, title) => {
    app = createTestApp()
    const response = await app.app.request(`/widget/demo?lang=${lang}`)
    const html = await response.text()
    expect(html).toContain(`<html lang="${lang}">`)
    expect(html).toContain(`<h1>${title}</h1>`)
    expect(html).toContain("import { attach } from '/widget/v1/pwguard.js'")
  })
})

describe('PWGUARD_CORS_ORIGINS', () => {
  it('is a comma-separated list, `*` by default', () => {
    expect(parseConfig({}).corsOrigins).toEqual(['*'])
    expect(
      parseConfig({ PWGUARD_CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example'])
  })
})
