/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { ConsoleEnv } from '../console-env.js'
import { notFoundPage } from '../views/error-page.js'
import { IncidentWebhookSection } from '../views/incident-webhook-status.js'
import { Layout } from '../views/layout.js'
import { loadIncident } from './load-incident.js'

/**
 * GET /console/incidents/{id}/webhooks: the delivery state of the incident's webhook events on
 * a page of its own (the incident page shows the same section), a link to hand to whoever
 * watches the site's webhook receiver.
 */
export function incidentWebhookPage(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  const { consoleQueries } = deps.stores
  router.get('/incidents/:id/webhooks', async (c) => {
    const incident = await loadIncident(c, deps.stores.incidents)
    if (!incident) return notFoundPage(c)
    const actor = c.get('actor')
    const status = await consoleQueries.incidentWebhookStatus(actor.tenant.id, incident.id)
    const t = c.get('t')
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={`${incident.name}: ${t.incident.webhookStatus}`}
        path={`/console/incidents/${incident.id}/webhooks`}
        csrfToken={actor.csrfToken}
      >
        <p>
          <a href={`/console/incidents/${incident.id}`}>{incident.name}</a>
        </p>
        <IncidentWebhookSection t={t} status={status} />
      </Layout>,
    )
  })
  return router
}
