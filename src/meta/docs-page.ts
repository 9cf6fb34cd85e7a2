/**
 * Renders the OpenAPI document as one self-contained HTML page: no script, no CDN, no font,
 * so /docs works on an offline machine and inside a Worker alike.
 */
interface OperationLike {
  summary?: string
  description?: string
  tags?: string[]
  security?: unknown[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  parameters?: { name: string; in: string; required?: boolean; description?: string }[]
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >
}

interface DocumentLike {
  info?: { title?: string; version?: string; description?: string }
  paths?: Record<string, Record<string, OperationLike>>
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

export function renderDocsPage(document: object): string {
  const doc = document as DocumentLike
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) =>
      renderOperation(method, path, item[method]!),
    ),
  )
  const title = escapeHtml(doc.info?.title ?? 'API')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{margin-bottom:0}code,pre{font:13px ui-monospace,monospace}pre{background:#f4f4f4;padding:.6rem;overflow:auto;border-radius:4px}
section{border-top:1px solid #ddd;padding:.6rem 0}.m{display:inline-block;min-width:4.2rem;font-weight:700;text-transform:uppercase}
.get{color:#0a6}.post{color:#06c}.put{color:#a60}.delete{color:#c22}details{margin:.3rem 0}
</style></head><body>
<h1>${title} <small>${escapeHtml(doc.info?.version ?? '')}</small></h1>
<p>${escapeHtml(doc.info?.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${operations.join('\n')}
</body></html>`
}

function renderOperation(method: string, path: string, operation: OperationLike): string {
  const parameters = (operation.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''}) ${escapeHtml(p.description ?? '')}</li>`,
    )
    .join('')
  const body = Object.entries(operation.requestBody?.content ?? {})
    .map(([type, media]) => schemaBlock(`Request body (${type})`, media.schema))
    .join('')
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => {
      const schemas = Object.entries(response.content ?? {})
        .map(([type, media]) => schemaBlock(type, media.schema))
        .join('')
      return `<li><b>${status}</b> ${escapeHtml(response.description ?? '')}${schemas}</li>`
    })
    .join('')
  return `<section id="${method}-${escapeHtml(path)}">
<h3><span class="m ${method}">${method}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? '')}</p>${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ''}
${parameters ? `<ul>${parameters}</ul>` : ''}${body}<ul>${responses}</ul></section>`
}

function schemaBlock(label: string, schema: unknown): string {
  if (schema === undefined) return ''
  return `<details><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
