/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { createIncident } from '../../incidents/create-incident.js'
import { listIncidents } from '../../incidents/list-incidents.js'
import { buildIncidentReport } from '../../incidents/incident-report.js'
import { recordAuthorityNotified } from '../../incidents/record-authority-notified.js'
import { localizeReportDataClasses } from './localize-report.js'
import { renderReportHtml, renderReportMarkdown } from '../../incidents/report-renderers.js'
import { tenantContact } from '../../tenants/contact-store.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { readIncidentCounts } from '../queries/incident-counts.js'
import { notFoundPage } from '../views/error-page.js'
import { IncidentListPage } from '../views/incident-list-page.js'
import { IncidentPage } from '../views/incident-page.js'
import type { DigestJobRunner } from '../../incidents/digest-job-runner.js'
import { incidentActions } from './incident-actions.js'
import { loadIncident } from './load-incident.js'

const text = (value: unknown, max: number) =>
  typeof value === 'string' ? value.trim().slice(0, max) : ''

/** The incident pages: list and register, one incident, its report, the authority notice. */
export function incidentPages(
  deps: AppDeps,
  services: Services,
  digestJob: Pick<DigestJobRunner, 'enqueue'>,
) {
  const router = new Hono<ConsoleEnv>()
  const { incidents } = deps.stores
  const listPage = async (c: Context<ConsoleEnv>, error?: string) => {
    const actor = c.get('actor')
    const page = await listIncidents(incidents, { tenantId: actor.tenant.id, limit: 100 })
    return IncidentListPage({
      t: c.get('t'),
      locale: c.get('locale'),
      csrfToken: actor.csrfToken,
      incidents: page.ok ? page.incidents : [],
      now: deps.clock.now(),
      ...(error !== undefined && { error }),
    })
  }
  router.get('/incidents', async (c) => c.html(await listPage(c)))
  router.post('/incidents', async (c) => {
    const actor = c.get('actor')
    const form = await readForm(c.req, { all: true })
    const name = text(form.name, 200)
    const detectedAt = Date.parse(`${text(form.detectedAt, 32)}Z`)
    const dataClasses = [form.dataClasses ?? []].flat().filter((v) => typeof v === 'string')
    const refuse = async () => {
      const t = c.get('t').incidents
      return c.html(await listPage(c, `${t.name}, ${t.detectedAt}, ${t.dataClasses}`), 400)
    }
    if (!name || !Number.isFinite(detectedAt) || dataClasses.length === 0) return refuse()
    const outcome = await createIncident(
      { incidents, clock: deps.clock, random: deps.random },
      {
        tenantId: actor.tenant.id,
        actor: auditActor(actor),
        name,
        description: text(form.description, 4000) || null,
        occurredAt: null,
        detectedAt,
        dataClasses,
        source: null,
      },
    )
    if (!outcome.created) return refuse()
    const incident = outcome.incident
    return c.redirect(`/console/incidents/${incident.id}`, 303)
  })
  router.get('/incidents/:id', async (c) => {
    const incident = await loadIncident(c, incidents)
    if (!incident) return notFoundPage(c)
    const actor = c.get('actor')
    const counts = await readIncidentCounts(incidents, actor.tenant.id, incident.id)
    const webhooks = await services.stores.consoleQueries.incidentWebhookStatus(
      actor.tenant.id,
      incident.id,
    )
    return c.html(
      <IncidentPage
        t={c.get('t')}
        locale={c.get('locale')}
        csrfToken={actor.csrfToken}
        incident={incident}
        counts={counts}
        webhooks={webhooks}
        now={deps.clock.now()}
      />,
    )
  })
  router.post('/incidents/:id/notified', async (c) => {
    const incident = await loadIncident(c, incidents)
    if (!incident) return notFoundPage(c)
    const actor = c.get('actor')
    const at = deps.clock.now()
    await recordAuthorityNotified(deps, {
      tenantId: actor.tenant.id,
      incidentId: incident.id,
      at,
      actor: auditActor(actor),
    })
    return c.redirect(`/console/incidents/${incident.id}`, 303)
  })
  router.get('/incidents/:id/report', async (c) => {
    const incident = await loadIncident(c, incidents)
    if (!incident) return notFoundPage(c)
    const tenant = c.get('actor').tenant
    const figures = await incidents.figures({ tenantId: tenant.id, incidentId: incident.id })
    const built = buildIncidentReport({
      incident,
      figures,
      contact: tenantContact(tenant),
      now: deps.clock.now(),
    })
    const report = localizeReportDataClasses(built, c.get('t').dataClassNames)
    if (c.req.query('format') === 'md') {
      return c.body(renderReportMarkdown(report), 200, {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="${incident.id}-art33-report.md"`,
      })
    }
    const html = renderReportHtml(report)
    // The report page carries its own print stylesheet inline and no script at all.
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    return c.body(html, 200, { 'content-type': 'text/html; charset=utf-8' })
  })
  router.route('/', incidentActions(deps, services, digestJob))
  return router
}
