import { beforeAll, describe, expect, it } from 'vitest'
import { createEmailIndexer } from '../../src/accounts/email-index.js'
import { newTotpSecret, totpCode } from '../../src/console/auth/totp.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { createD1Driver } from '../../src/store/d1-driver.js'
import { consoleUsers } from '../../src/store/schema.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import { createSecretSealer } from '../../src/webhooks/webhook-secret-sealer.js'
import { request } from './worker-app.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

const SECRET = new TextEncoder().encode('worker-test-secret-worker-test-secret!')
const ORIGIN = 'http://pwguard.test'

beforeAll(() => seedCorpus())

/** The console inside workerd: the same JSX pages, sign-in with TOTP, D1 sessions. */
describe('Worker entry: console', () => {
  it('renders the sign-in page in French with the strict CSP and serves its assets', async () => {
    const res = await request('/console/login', { headers: { 'accept-language': 'fr-BE' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res.text()).toContain('Connexion à la console pwguard')
    const css = await request('/console/assets/console.css')
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
  })

  it('signs in with password and TOTP and renders the overview from D1', async () => {
    const { db } = createD1Driver(testEnv.DB)
    await ensureTenant(db, { id: 'worker-console' }, Date.now())
    const fixture = testEnv.TEST_NODE_ARGON2_FIXTURES[0]!
    const totp = newTotpSecret(webCryptoRandom)
    const email = 'admin@worker.example'
    await db.insert(consoleUsers).values({
      id: 'cu_worker',
      tenantId: 'worker-console',
      // Console users are indexed by the tenant-bound (v2) blind index only.
      emailIndex: createEmailIndexer(SECRET).current('worker-console', email),
      passwordHash: fixture.phc,
      sealedTotpSecret: await createSecretSealer(SECRET, webCryptoRandom).seal(
        'worker-console',
        totp,
      ),
      createdAt: Date.now(),
    })
    const login = await request('/console/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({
        tenant: 'worker-console',
        email,
        password: fixture.password,
        code: totpCode(totp, Date.now()),
      }).toString(),
    })
    expect(login.status).toBe(303)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    expect(cookie).toMatch(/^__Host-pwguard_console=/)
    const overview = await request('/console', { headers: { cookie, 'accept-language': 'nl' } })
    expect(overview.status).toBe(200)
    const html = await overview.text()
    expect(html).toContain('<h1>Overzicht</h1>')
    expect(html).toContain('<svg class="chart"')
  })
})
