/**
 * The /docs shell: Scalar's API reference, loaded from pwguard's own origin, reading
 * /openapi.json. No inline script: the configuration travels in a data attribute of an empty
 * `<script id="api-reference">` (an empty script element runs nothing, so CSP is not asked).
 * Scalar injects its CSS as `<style>` elements carrying the nonce it reads from the
 * `csp-nonce` meta tag, so style-src allows that one per-response nonce, not 'unsafe-inline'.
 */
export function renderDocsPage(input: {
  scriptUrl: string | null
  styleUrl: string
  nonce: string
}): string {
  const configuration = {
    // Fonts, the request proxy, telemetry and the "open in client" app are Scalar services on
    // other origins: all off, so the page reaches nothing but this server.
    withDefaultFonts: false,
    telemetry: false,
    proxyUrl: '',
    hideClientButton: true,
    agent: { disabled: true },
    // One colour scheme, the one docs.css brings to AA contrast.
    forceDarkModeState: 'light',
    hideDarkModeToggle: true,
    showDeveloperTools: 'never',
    persistAuth: false,
    // "Try it" calls this origin, whatever host the operator serves pwguard under.
    baseServerURL: '',
    authentication: { preferredSecurityScheme: 'bearer' },
    metaData: { title: 'pwguard — API reference' },
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta property="csp-nonce" content="${input.nonce}">
<title>pwguard — API reference</title>
<link rel="stylesheet" href="${input.styleUrl}">
</head><body>
${input.scriptUrl ? '<noscript>' : ''}<p>The interactive reference needs JavaScript. The document itself: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${input.scriptUrl ? '</noscript>' : ''}
${
  input.scriptUrl
    ? `<script id="api-reference" data-url="/openapi.json" data-configuration="${escapeAttribute(JSON.stringify(configuration))}"></script>
<script src="${input.scriptUrl}"></script>`
    : ''
}
</body></html>`
}

/** The unnonced style sheets of @scalar/api-reference 1.76.4 (see docsPagePolicy). */
export const SCALAR_STYLE_HASHES = [
  'sha256-l/2OpPg0d+2VLTLgwjf5mQo2CYwHDEqdj5TjbfEyVJI=',
  'sha256-T13Uev3xCax2N28XaoAE8DOzQZKvPp7ZQVAi1iRREjo=',
]

/** The page's policy. Only 'self' and the response's nonce for Scalar's injected styles. */
export function docsPagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    // Scalar's bundle inserts two fixed style sheets without the nonce (its theme and its toast
    // styles): allowed by hash, pinned to this Scalar version (the browser test fails on drift).
    `style-src-elem 'self' 'nonce-${nonce}' ${SCALAR_STYLE_HASHES.map((h) => `'${h}'`).join(' ')}`,
    // Vue sets style attributes through innerHTML; attributes cannot load or select anything.
    "style-src-attr 'unsafe-inline'",
    // Scalar draws icons and logos as data: SVG images.
    "img-src 'self' data:",
    "font-src 'self'",
    // /openapi.json and the "try it" requests.
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')
}
