import { createRoute, z } from '@hono/zod-openapi'
import { PROBLEM_CATALOG, PROBLEM_CODES } from './problem-catalog.js'
import { createRouter } from './router.js'

const problemsRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['meta'],
  summary: 'Problem types',
  description:
    'What every problem `type` points at: one HTML page with an anchor per `code` (`/problems#account_exists`), giving its status and meaning.',
  responses: {
    200: {
      description: 'Every problem code, its status and meaning; self-contained, no script.',
      content: { 'text/html': { schema: z.string() } },
    },
  },
})

/** Nothing to load: no script, no style, no image. */
const PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** GET /problems (mounted at PROBLEMS_PAGE_PATH): public, like the OpenAPI document. */
export function problemsRoutes() {
  const page = renderProblemsPage()
  return createRouter().openapi(problemsRoute, (c) =>
    c.html(page, 200, { 'content-security-policy': PAGE_CSP }),
  )
}

/** The page, one `<tr id="code">` per code so `type` URIs land on their row. */
export function renderProblemsPage(): string {
  const rows = PROBLEM_CODES.map((code) => {
    const { status, title, meaning } = PROBLEM_CATALOG[code]
    return `<tr id="${code}"><td><a href="#${code}"><code>${code}</code></a></td><td>${status}</td><td>${escapeHtml(title)}</td><td>${inlineCode(meaning)}</td></tr>`
  })
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>pwguard problem types</title></head>
<body>
<h1>pwguard problem types</h1>
<p>Errors are RFC 9457 <code>application/problem+json</code> documents. Their <code>type</code> is
<code>/problems#&lt;code&gt;</code>, a row of this page; clients switch on <code>code</code>.</p>
<table>
<thead><tr><th>code</th><th>status</th><th>title</th><th>meaning</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`
}

/** The catalogue's meanings use Markdown backticks for names; shown as `<code>`. */
function inlineCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
