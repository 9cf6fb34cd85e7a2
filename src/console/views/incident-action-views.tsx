/** @jsxImportSource hono/jsx */
import type { IngestReport } from '../../incidents/ingest-report.js'
import type { IncidentRow } from '../../incidents/incident-store.js'
import type { ResetScope } from '../../incidents/reset-reasons.js'
import type { Messages } from '../i18n/messages.js'
import type { ConsoleLocale } from '../i18n/pick-locale.js'
import { Csrf, Layout } from './layout.js'

/** Rejected lines listed on the page, at most; the counts always cover all of them. */
const SHOWN_REJECTIONS = 100

/** The ingest report: the fragment console.js puts under the upload form, or a whole page. */
export function UploadResult(props: { t: Messages; report: IngestReport; incidentId: string }) {
  const { t, report } = props
  return (
    <section aria-label={t.incident.uploaded}>
      <p class="ok">{t.incident.uploaded}</p>
      <dl class="figures" id="upload-report">
        <div>
          <dt>{t.incident.records}</dt>
          <dd data-figure="records">{report.records}</dd>
        </div>
        <div>
          <dt>{t.incident.matched}</dt>
          <dd data-figure="matched">{report.matched}</dd>
        </div>
        <div>
          <dt>{t.incident.unmatched}</dt>
          <dd data-figure="unmatched">{report.unmatched}</dd>
        </div>
        <div>
          <dt>{t.incident.passwordMatches}</dt>
          <dd data-figure="passwordMatches">{report.passwordMatches}</dd>
        </div>
        <div>
          <dt>{t.incident.rejected}</dt>
          <dd data-figure="rejected">{report.rejectedCount}</dd>
        </div>
      </dl>
      {report.rejected.length > 0 && (
        <ul>
          {report.rejected.slice(0, SHOWN_REJECTIONS).map((item) => (
            <li>
              {item.line}: {item.code} — {item.detail}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/console/incidents/${props.incidentId}`}>{t.incident.figures}</a>
      </p>
    </section>
  )
}

/** The page that states the count before anything is forced; the count travels with the form. */
export function ForceResetConfirm(props: {
  t: Messages
  locale: ConsoleLocale
  csrfToken: string
  incident: IncidentRow
  scope: ResetScope
  count: number
}) {
  const { t, incident, scope, count } = props
  const base = `/console/incidents/${incident.id}`
  return (
    <Layout
      t={t}
      locale={props.locale}
      title={t.incident.confirmTitle}
      path={`${base}/force-reset`}
      csrfToken={props.csrfToken}
    >
      <p>
        <strong>{incident.name}</strong> — {t.incident.scopes[scope]}
      </p>
      <p id="confirm-text">{t.incident.confirmText(count)}</p>
      <p>{t.incident.tokensOnce}</p>
      <form method="post" action={`${base}/force-reset`}>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="scope" value={scope} />
        <input type="hidden" name="count" value={String(count)} />
        <button type="submit" class="danger">
          {t.incident.confirmButton(count)}
        </button>
      </form>
      <p>
        <a href={base}>{incident.name}</a>
      </p>
    </Layout>
  )
}
