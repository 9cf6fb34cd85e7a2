import { Hono } from 'hono'
import type { AppEnv } from '../../http/app-env.js'
import { ProblemError } from '../../http/problem.js'
import { docsPagePolicy, renderDocsPage } from '../docs-page.js'
import type { ApiReferenceAssets } from './api-reference-assets.js'
import { DOCS_CSS } from './docs-css.js'
import { encodedScript, type EncodedScript } from './encoded-script.js'

/** Where createApp mounts these routes; the page links its assets by absolute URL. */
export const DOCS_PATH = '/docs'
const STYLE_PATH = '/assets/docs.css'
/** The script URL names the version, so it may be cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * `/docs` (the interactive reference) and its script, `/docs/assets/api-reference-<version>.js`,
 * with an ETag and gzip. Without assets (a build that left them out) /docs still answers, with
 * a link to /openapi.json, and the script route is a 404. Mounted at DOCS_PATH.
 */
export function docsRoutes(assets: ApiReferenceAssets | undefined, random: () => Uint8Array) {
  const app = new Hono<AppEnv>()
  const scriptPath = assets ? `/assets/api-reference-${assets.version}.js` : null
  const scriptUrl = scriptPath && DOCS_PATH + scriptPath
  let encoded: Promise<EncodedScript> | null = null

  app.get('/', (c) => {
    const nonce = btoa(String.fromCharCode(...random()))
    c.header('content-security-policy', docsPagePolicy(nonce))
    c.header('x-content-type-options', 'nosniff')
    c.header('referrer-policy', 'no-referrer')
    // A fresh nonce per response: a cached copy would replay it.
    c.header('cache-control', 'no-store')
    return c.html(renderDocsPage({ scriptUrl, styleUrl: DOCS_PATH + STYLE_PATH, nonce }))
  })
  app.get(STYLE_PATH, (c) =>
    c.body(DOCS_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    }),
  )
  if (!assets || !scriptPath) return app
  app.get(scriptPath, async (c) => {
    encoded ??= encodedScript(assets.script).catch((error: unknown) => {
      encoded = null
      throw error
    })
    const script = await encoded
    const headers: Record<string, string> = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': IMMUTABLE,
      etag: script.etag,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
    }
    if (c.req.header('if-none-match') === script.etag) return c.body(null, 304, headers)
    if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(script.plain as Uint8Array<ArrayBuffer>, 200, headers)
    }
    headers['content-encoding'] = 'gzip'
    // workerd gzips a body whose Content-Encoding says gzip unless told it already is.
    const init = { status: 200, headers, encodeBody: 'manual' } as ResponseInit
    return new Response(script.gzip as Uint8Array<ArrayBuffer>, init)
  })
  app.get('/assets/*', () => {
    throw new ProblemError({
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: 'No such asset.',
    })
  })
  return app
}
