import { build } from 'esbuild'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useWidgetBrowser } from './support/widget-browser.js'

/*
 * @zxcvbn-ts/matcher-pwned 3.0.4 declares @zxcvbn-ts/core ^3 and npm installs that copy under
 * it (our own core is 4.x). Its README's setup is for that core, so the page uses exactly it:
 * `zxcvbnOptions.addMatcher('pwned', matcherPwnedFactory(fetch, zxcvbnOptions, { url }))`, then
 * `zxcvbnAsync` (core 3.0.4 refuses a promised matcher in the sync `zxcvbn` its README shows).
 */
const require = createRequire(import.meta.url)
const matcherDir = dirname(require.resolve('@zxcvbn-ts/matcher-pwned/package.json'))
const core3 = createRequire(`${matcherDir}/package.json`).resolve('@zxcvbn-ts/core')

const PAGE_SCRIPT = `
import { zxcvbnAsync, zxcvbnOptions } from ${JSON.stringify(core3)}
import { matcherPwnedFactory } from '@zxcvbn-ts/matcher-pwned'
export async function pwned(url, passwords) {
  zxcvbnOptions.addMatcher('pwned', matcherPwnedFactory(fetch, zxcvbnOptions, { url }))
  const out = []
  for (const password of passwords) {
    const result = await zxcvbnAsync(password)
    out.push({ password, pwned: result.sequence.some((match) => match.pattern === 'pwned'),
      warning: result.feedback.warning })
  }
  return out
}`

const session = useWidgetBrowser()

describe('@zxcvbn-ts/matcher-pwned pointed at /range/', () => {
  it('finds breached passwords through pwguard from a browser page, unchanged', async () => {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: matcherDir, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    session.servers.setSitePage(
      `<!doctype html><title>matcher-pwned</title><script type="module">
        import { pwned } from '/pwned.js'; window.pwned = pwned</script>`,
      { '/pwned.js': bundle.outputFiles[0]?.text ?? '' },
    )
    const page = await session.browser.newPage()
    await page.goto(session.servers.site)
    await page.waitForFunction(() => 'pwned' in globalThis)
    const results = await page.evaluate(
      ([url, passwords]) =>
        (
          globalThis as unknown as {
            pwned: (url: string, list: readonly string[]) => Promise<{ pwned: boolean }[]>
          }
        ).pwned(url, passwords),
      [
        `${session.servers.pwguard}/range/`,
        ['Wachtkamer2017!', 'correct horse battery staple', 'kompas-marmot-orage-tulp-77'],
      ] as const,
    )
    expect(results.map((result) => result.pwned)).toEqual([true, true, false])
    // It asked pwguard (with its Add-Padding header), not api.pwnedpasswords.com.
    const ranges = session.servers.received.filter((request) => request.url.includes('/range/'))
    expect(ranges.length).toBeGreaterThanOrEqual(3)
    expect(
      ranges.every(
        (request) => request.method === 'OPTIONS' || request.headers['add-padding'] === 'true',
      ),
    ).toBe(true)
  }, 120_000)
})
