import type { Context } from 'hono'
import type { AppSettings } from '../app/deps.js'
import type { AppEnv } from '../http/app-env.js'
import { createCorsPolicy } from '../http/cors-policy.js'
import { createRouter } from '../http/router.js'
import { DEMO_LOCALES, renderDemoPage } from './demo-page.js'
import type { DemoLocale } from './demo-page.js'
import { strengthModule, widgetModule } from './widget-assets.js'
import { widgetDictionary } from './widget-dictionary.js'

const JS = 'text/javascript; charset=utf-8'
/** The entry module may change with a deploy; the lazy parts are cached a day. */
const ENTRY_CACHE = 'public, max-age=300'
const LAZY_CACHE = 'public, max-age=86400, stale-while-revalidate=604800'

/**
 * The signup widget: `/widget/v1/pwguard.js` (the ES module sites import), its lazy strength
 * module and dictionaries, and `/widget/demo`, mounted at `/widget`. CORS per `PWGUARD_CORS_ORIGINS`, since sites
 * import the module across origins.
 */
export function widgetRoutes(deps: { settings: Pick<AppSettings, 'policy' | 'corsOrigins'> }) {
  const router = createRouter()
  const entry = widgetModule(deps.settings.policy)
  const cors = createCorsPolicy(deps.settings.corsOrigins)
  const withCors = (c: Context<AppEnv>, headers: Record<string, string>) =>
    cors.apply(headers, c.req.header('origin'))
  const script = (c: Context<AppEnv>, body: string, cache: string) =>
    c.body(body, 200, withCors(c, { 'content-type': JS, 'cache-control': cache }))

  router.get('/v1/pwguard.js', (c) => script(c, entry, ENTRY_CACHE))
  router.get('/v1/strength.js', (c) => script(c, strengthModule(), LAZY_CACHE))
  router.get('/v1/dictionary.json', async (c) => {
    const asset = await widgetDictionary()
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
    const headers = withCors(c, {
      'content-type': 'application/json',
      'cache-control': LAZY_CACHE,
      vary: 'Accept-Encoding',
    })
    if (!gzip) return c.body(asset.json as Uint8Array<ArrayBuffer>, 200, headers)
    headers['content-encoding'] = 'gzip'
    // workerd gzips a body whose Content-Encoding says gzip unless told it already is;
    // Node ignores the option.
    const init = { status: 200, headers, encodeBody: 'manual' } as ResponseInit
    return new Response(asset.gzip as Uint8Array<ArrayBuffer>, init)
  })
  router.get('/demo', (c) => {
    const asked = c.req.query('lang')
    const lang = DEMO_LOCALES.find((locale) => locale === asked) ?? 'en'
    return c.html(renderDemoPage(lang as DemoLocale))
  })
  return router
}
