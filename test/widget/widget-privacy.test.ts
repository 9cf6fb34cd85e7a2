import { createHash } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useWidgetBrowser } from './support/widget-browser.js'
import type { WidgetServers } from './support/widget-servers.js'

const EMAIL = 'an.peeters@wachtkamer.be'
const PASSWORDS = [
  'password', 'Wachtkamer2017!', 'paarse-olifant-fietst-naar-Gent', 'pässwörd ✓ 密码',
  'correct horse battery staple', 'iloveyou', 'AnPeeters-1985', 'kompas marmot orage tulp',
  'ｐａｓｓｗｏｒｄ', 'Zonnebloem!Zonnebloem!', 'qwerty123', 'e\u0301te\u0301 a\u0300 Lie\u0300ge',
  'wachtkamer-rendez-vous', 'x7#Kp2!vQz9@Lm4&', 'Brussel2024', '🔒🐘 olifant 🔒🐘',
  'sunshine', 'fromage-violin-rivier', 'пароль-пароль-2017', 'peeters.an.1999',
] // prettier-ignore

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex')

/** Everything that must never leave the page: every typed prefix, its forms and digests. */
function secrets(): string[] {
  const out = new Set<string>([EMAIL, 'an.peeters', encodeURIComponent(EMAIL)])
  for (const password of PASSWORDS) {
    const chars = [...password]
    for (let end = 4; end <= chars.length; end++) {
      const typed = chars.slice(0, end).join('')
      for (const form of new Set([typed, typed.normalize('NFKC')])) {
        const digest = sha1(form)
        // A typed prefix of 4+ characters, URL-encoded too, and the digest in both cases.
        if ([...form].length >= 6) out.add(form).add(encodeURIComponent(form))
        out.add(digest).add(digest.toUpperCase()).add(digest.slice(5).toUpperCase())
      }
    }
  }
  return [...out]
}

interface SeenRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string
}

const SIGNUP_PAGE = (pwguard: string) => `<!doctype html><html lang="en"><title>Sign up</title>
  <label for="email">E-mail</label><input id="email" value="${EMAIL}">
  <label for="pw">Password</label><input id="pw" type="password">
  <script type="module">
    import { attach } from '${pwguard}/widget/v1/pwguard.js'
    const input = document.getElementById('pw')
    window.verdicts = []
    input.addEventListener('pwguard:verdict', (event) =>
      window.verdicts.push({ value: input.value, acceptable: event.detail.acceptable }))
    attach(input, { context: { email: document.getElementById('email').value } })
  </script>`

/** Types the 20 passwords into the sign-up page; every request the browser made, and verdicts. */
async function typePasswords(browser: Browser, servers: WidgetServers) {
  servers.setSitePage(SIGNUP_PAGE(servers.pwguard))
  const context = await browser.newContext()
  const seen: SeenRequest[] = []
  context.on('request', (request) => {
    void request.allHeaders().then((headers) =>
      seen.push({
        url: request.url(),
        method: request.method(),
        headers,
        body: request.postData() ?? '',
      }),
    )
  })
  const page = await context.newPage()
  await page.goto(servers.site)
  await page.waitForFunction(() => 'verdicts' in globalThis)
  for (const password of PASSWORDS) {
    await page.fill('#pw', '')
    await page.type('#pw', password, { delay: 10 })
    await page.waitForFunction(
      (value) =>
        (globalThis as unknown as { verdicts: { value: string }[] }).verdicts.at(-1)?.value ===
        value,
      password,
      { timeout: 60_000 },
    )
  }
  const verdicts = await page.evaluate(
    () => (globalThis as unknown as { verdicts: { acceptable: boolean }[] }).verdicts,
  )
  await context.close()
  return { seen, verdicts }
}

describe('the widget on another origin, while 20 passwords are typed', () => {
  const widget = useWidgetBrowser()
  let session: Awaited<ReturnType<typeof typePasswords>>

  beforeAll(async () => {
    session = await typePasswords(widget.browser, widget.servers)
  }, 180_000)

  it('does its job: refuses the breached passwords and accepts some strong ones', () => {
    expect(session.verdicts.some((verdict) => verdict.acceptable)).toBe(true)
    expect(session.verdicts.some((verdict) => !verdict.acceptable)).toBe(true)
  })

  it('asks for ranges with Add-Padding', () => {
    const rangeRequests = session.seen.filter((request) => request.url.includes('/range/'))
    expect(rangeRequests.length).toBeGreaterThanOrEqual(10)
    for (const request of rangeRequests) expect(request.headers['add-padding']).toBe('true')
  })

  it('reaches only two hosts and only 5-hex range prefixes and its own assets on them', () => {
    // As the browser saw them…
    const allowed = [
      new RegExp(`^${widget.servers.site}/(favicon\\.ico)?$`),
      new RegExp(
        `^${widget.servers.pwguard}/widget/v1/(pwguard\\.js|strength\\.js|dictionary\\.json)$`,
      ),
      new RegExp(`^${widget.servers.pwguard}/range/[0-9A-F]{5}$`),
    ]
    for (const request of session.seen) {
      expect(
        allowed.some((pattern) => pattern.test(request.url)),
        request.url,
      ).toBe(true)
    }
    // …and as the servers received them, CORS preflights included.
    for (const request of widget.servers.received) {
      const path = new URL(request.url, widget.servers.site).pathname
      expect(
        /^\/(favicon\.ico)?$|^\/widget\/v1\/[a-z]+\.(js|json)$|^\/range\/[0-9A-F]{5}$/.test(path),
        path,
      ).toBe(true)
    }
    const preflights = widget.servers.received.filter((request) => request.method === 'OPTIONS')
    expect(preflights.length).toBeGreaterThan(0)
  })

  it('sends no typed prefix, e-mail or digest in any URL, header or body', () => {
    const leaks: string[] = []
    const sent = [...session.seen, ...widget.servers.received].map((request) =>
      [request.url, ...Object.entries(request.headers).flat(), request.body].join('\n'),
    )
    for (const secret of secrets()) {
      if (sent.some((text) => text.includes(secret))) leaks.push(secret)
    }
    expect(leaks).toEqual([])
  })
})
