/** @jsxImportSource hono/jsx */
import { incidentDataClasses, type IncidentRow } from '../../incidents/incident-store.js'
import { RESET_SCOPES } from '../../incidents/reset-reasons.js'
import type { Messages } from '../i18n/messages.js'
import type { ConsoleLocale } from '../i18n/pick-locale.js'
import type { readIncidentCounts } from '../queries/incident-counts.js'
import type { IncidentWebhookStatus } from '../../store/ports/console-query-store.js'
import { Deadline } from './deadline.js'
import { IncidentWebhookSection } from './incident-webhook-status.js'
import { utc } from './incident-list-page.js'
import { Csrf, Layout } from './layout.js'

/** GET /console/incidents/:id: figures, upload, forced resets, report, authority notice. */
export function IncidentPage(props: {
  t: Messages
  locale: ConsoleLocale
  csrfToken: string
  incident: IncidentRow
  counts: Awaited<ReturnType<typeof readIncidentCounts>>
  webhooks: IncidentWebhookStatus
  now: number
}) {
  const { t, incident, counts } = props
  const base = `/console/incidents/${incident.id}`
  const figure = (label: string, value: number, id: string) => (
    <div>
      <dt>{label}</dt>
      <dd id={id}>{value}</dd>
    </div>
  )
  return (
    <Layout
      t={t}
      locale={props.locale}
      title={incident.name}
      path={base}
      csrfToken={props.csrfToken}
    >
      <p>
        {t.incidents.detectedAt}: {utc(incident.detectedAt)} · {t.incident.deadline}{' '}
        {utc(incident.notifyAuthorityBy)}
      </p>
      <p>
        {t.incidents.dataClasses}:{' '}
        {incidentDataClasses(incident)
          .map((name) => t.dataClassNames[name] ?? name)
          .join(', ')}
      </p>
      <h2>{t.incident.figures}</h2>
      <dl class="figures">
        {figure(t.incident.records, counts.records, 'fig-records')}
        {figure(t.incident.matched, counts.matched, 'fig-matched')}
        {figure(t.incident.unmatched, counts.unmatched, 'fig-unmatched')}
        {figure(t.incident.passwordMatches, counts.passwordMatches, 'fig-password-matches')}
        {figure(t.incident.resetsForced, counts.resetsForced, 'fig-resets')}
      </dl>
      <h2>{t.incident.upload}</h2>
      <form
        id="upload"
        method="post"
        action={`${base}/exposures`}
        enctype="multipart/form-data"
        class="stack"
      >
        <Csrf token={props.csrfToken} />
        <div class="dropzone">
          <label for="file">{t.incident.uploadHint}</label>
          <input id="file" name="file" type="file" accept=".ndjson,.jsonl,.csv,.txt" required />
        </div>
        <progress max="1" value="0" hidden aria-label={t.incident.upload}></progress>
        <button type="submit">{t.incident.uploadButton}</button>
      </form>
      <div id="upload-result" tabindex={-1} aria-live="polite"></div>
      <h2>{t.incident.forceReset}</h2>
      <form method="get" action={`${base}/force-reset`} class="stack">
        <fieldset>
          <legend>{t.incident.forceReset}</legend>
          {RESET_SCOPES.map((scope, i) => (
            <label>
              <input type="radio" name="scope" value={scope} checked={i === 0} />{' '}
              {t.incident.scopes[scope]}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t.incident.review}</button>
      </form>
      <h2>{t.incident.webhookStatus}</h2>
      <IncidentWebhookSection t={t} status={props.webhooks} />
      <p>
        <a href={`${base}/webhooks`} id="webhook-status-link">
          {t.incident.webhookOpen}
        </a>
      </p>
      <h2>{t.incident.report}</h2>
      <ul>
        <li>
          <a href={`${base}/report?format=html`}>{t.incident.reportHtml}</a>
        </li>
        <li>
          <a href={`${base}/report?format=md`} download>
            {t.incident.reportMd}
          </a>
        </li>
      </ul>
      <h2>{t.incident.authority}</h2>
      {incident.authorityNotifiedAt === null ? (
        <>
          <p id="authority-status">
            {t.incident.notNotified}{' '}
            <Deadline t={t} by={incident.notifyAuthorityBy} now={props.now} />
          </p>
          <form method="post" action={`${base}/notified`}>
            <Csrf token={props.csrfToken} />
            <button type="submit">{t.incident.markNotified}</button>
          </form>
        </>
      ) : (
        <p id="authority-status">{t.incident.notifiedAt(utc(incident.authorityNotifiedAt))}</p>
      )}
    </Layout>
  )
}
