import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { problemSchema } from '../http/problem-schema.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { tenantContact } from '../tenants/contact-store.js'
import { requireIncident } from './incident-lookup.js'
import { buildIncidentReport } from './incident-report.js'
import { incidentIdField } from './incident-schemas.js'
import { renderReportHtml, renderReportMarkdown } from './report-renderers.js'

const reportRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/{id}/report',
    tags: ['incidents'],
    summary: 'GDPR Art. 33(3) report (JSON, `?format=md` or `?format=html`) with the Art. 34 list',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      params: z.object({ id: incidentIdField }),
      query: z.object({ format: z.enum(['json', 'md', 'html']).default('json') }),
    },
    responses: {
      200: {
        description: 'The report',
        content: {
          'application/json': { schema: z.object({}).passthrough().openapi('IncidentReport') },
          'text/markdown': { schema: z.string() },
          'text/html': { schema: z.string() },
        },
      },
      404: {
        description: 'No such incident',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })

export type ReportRoutesDeps = Pick<AppDeps, 'clock'> & {
  stores: Pick<StorePorts, 'tenantKeys' | 'incidents'>
}

/** GET /v1/incidents/{id}/report (admin), mounted at `/v1/incidents`. */
export function reportRoutes(deps: ReportRoutesDeps) {
  const router = createRouter()
  return router.openapi(reportRoute(deps.stores.tenantKeys), async (c) => {
    const tenant = c.get('auth').tenant
    const incident = await requireIncident(
      deps.stores.incidents,
      tenant.id,
      c.req.valid('param').id,
    )
    const figures = await deps.stores.incidents.figures({
      tenantId: tenant.id,
      incidentId: incident.id,
    })
    const report = buildIncidentReport({
      incident,
      figures,
      contact: tenantContact(tenant),
      now: deps.clock.now(),
    })
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }
    const format = c.req.valid('query').format
    if (format === 'md') {
      return c.body(renderReportMarkdown(report), 200, {
        ...headers,
        'content-type': 'text/markdown; charset=utf-8',
      })
    }
    if (format === 'html') {
      // The page needs no script: a strict CSP keeps any escaping slip inert.
      const csp = "default-src 'none'; style-src 'unsafe-inline'"
      return c.body(renderReportHtml(report), 200, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
      })
    }
    return c.json(report, 200, headers)
  })
}
