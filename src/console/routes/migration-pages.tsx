/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { summarizeSchemes } from '../../migration/scheme-distribution.js'
import { runWrapJob } from '../../migration/wrap-job.js'
import type { WrapReport } from '../../migration/wrap-report.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { Csrf, Layout } from '../views/layout.js'
import { SchemeChart } from '../views/scheme-chart.js'

/** Rows scanned per request: a batch ends well inside a Worker's request budget. */
const ROWS_PER_REQUEST = 500

/**
 * The scheme distribution and the wrap migration, one bounded batch per POST (the same
 * keyset-resumable job as the CLI and /v1/admin/migration/wrap). "Keep going" makes
 * console.js submit the next batch when the page loads, so progress shows batch by batch.
 */
export function migrationPages(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  const { wrap, audit } = deps.stores
  const render = async (c: Context<ConsoleEnv>, report?: WrapReport, auto = false) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const counts = await wrap.countSchemes([actor.tenant.id])
    const next = report && !report.complete ? report.nextCursor : null
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={t.migration.title}
        path="/console/migration"
        csrfToken={actor.csrfToken}
      >
        <p>{t.migration.explain}</p>
        <SchemeChart schemes={summarizeSchemes(counts)} title={t.overview.schemes} />
        {report && (
          <p role="status" id="wrap-status">
            {report.complete
              ? t.migration.complete
              : t.migration.progress(report.totals.wrapped, report.totals.scanned)}
          </p>
        )}
        {!report?.complete && (
          <form
            id="wrap"
            method="post"
            action="/console/migration/wrap"
            class="stack narrow"
            data-auto={next && auto ? '1' : undefined}
          >
            <Csrf token={actor.csrfToken} />
            {next && <input type="hidden" name="after" value={next} />}
            <label>
              <input type="checkbox" name="auto" value="1" checked={auto} /> {t.migration.auto}
            </label>
            <button type="submit">{t.migration.start}</button>
          </form>
        )}
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.migration.scheme}</th>
                <th scope="col">{t.migration.count}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(counts).map(([scheme, n]) => (
                <tr>
                  <td>{scheme}</td>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    )
  }
  router.get('/migration', (c) => render(c))
  router.post('/migration/wrap', async (c) => {
    const form = await readForm(c.req)
    const actor = c.get('actor')
    const after = typeof form.after === 'string' && form.after ? form.after.slice(0, 256) : null
    const report = await runWrapJob(
      { wrap, hasher: deps.hasher, now: () => deps.clock.now() },
      {
        tenantIds: [actor.tenant.id],
        batchSize: 100,
        concurrency: 2,
        dryRun: false,
        maxRows: ROWS_PER_REQUEST,
        ...(after !== null && { after }),
      },
    )
    await audit.append(
      checkAuditEntry({
        tenantId: actor.tenant.id,
        actor: auditActor(actor),
        action: 'migration.wrap_batch',
        details: {
          scanned: report.totals.scanned,
          wrapped: report.totals.wrapped,
          complete: report.complete,
        },
        at: deps.clock.now(),
      }),
    )
    return render(c, report, form.auto === '1')
  })
  return router
}
