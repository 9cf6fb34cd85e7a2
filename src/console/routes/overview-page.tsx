/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { ConsoleEnv } from '../console-env.js'
import { readOverviewFigures } from '../queries/overview-figures.js'
import { Deadline } from '../views/deadline.js'
import { Layout } from '../views/layout.js'
import { SchemeChart } from '../views/scheme-chart.js'

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')

/** GET /console: accounts, flagged accounts, hash schemes, incidents still to notify. */
export function overviewPage(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  const stores = deps.stores
  router.get('/', async (c) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const figures = await readOverviewFigures(stores, actor.tenant.id)
    const now = deps.clock.now()
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={t.overview.title}
        path="/console"
        csrfToken={actor.csrfToken}
      >
        <dl class="figures">
          <div>
            <dt>{t.overview.accounts}</dt>
            <dd>{figures.accounts}</dd>
          </div>
          <div>
            <dt>{t.overview.flagged}</dt>
            <dd>{figures.flagged}</dd>
          </div>
        </dl>
        <h2>{t.overview.schemes}</h2>
        <SchemeChart schemes={figures.schemes} title={t.overview.schemes} />
        <h2>{t.overview.openIncidents}</h2>
        {figures.open.length === 0 ? (
          <p>{t.overview.none}</p>
        ) : (
          <ul>
            {figures.open.map((incident) => (
              <li>
                <a href={`/console/incidents/${incident.id}`}>{incident.name}</a> —{' '}
                {t.overview.deadline} {utc(incident.notifyAuthorityBy)} UTC (
                <Deadline t={t} by={incident.notifyAuthorityBy} now={now} />)
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    )
  })
  return router
}
