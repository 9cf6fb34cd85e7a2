import { beforeAll, describe, expect, it } from 'vitest'
import { worker } from './worker-app.js'
import { seedCorpus } from './worker-test-env.js'

beforeAll(() => seedCorpus())

// The Worker cannot read files: the widget comes from the generated string module.
describe('Worker entry: the signup widget', () => {
  it('serves the module with CORS and the policy from [vars]', async () => {
    const res = await worker().fetch('http://pwguard.test/widget/v1/pwguard.js', {
      headers: { origin: 'https://booking.example' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const body = await res.text()
    expect(body).toContain(JSON.stringify('{"minLength":15,"minScore":3,"breachThreshold":1}'))
  })

  it('serves the lazy strength module, the dictionaries (gzipped) and the demo', async () => {
    const strength = await worker().fetch('http://pwguard.test/widget/v1/strength.js')
    expect(await strength.text()).toMatch(/export\s*\{[^}]*createStrengthScore/)
    // Gzipped once or not at all (workerd must not encode the gzip bytes a second time).
    const dictionary = await worker().fetch('http://pwguard.test/widget/v1/dictionary.json')
    expect(dictionary.status).toBe(200)
    const data = (await dictionary.json()) as { dictionary: Record<string, string[]> }
    expect(data.dictionary.passwords?.slice(0, 2)).toEqual(['123456', 'password'])
    const demo = await worker().fetch('http://pwguard.test/widget/demo?lang=fr')
    expect(await demo.text()).toContain('Créer un compte')
  })
})
